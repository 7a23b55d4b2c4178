// SPDX-License-Identifier: GPL-2.0
/*
 * labs/03-memory-accounting/grader/checks.c: the grader's checks of a
 * student's ctlab.ko, run inside the lab VM by the lab's grade script,
 * one check per run, with the module loaded:
 *
 *	checks CHECK SEED BIG-FILE
 *
 * A check starts a container whose processes hold memory in one way
 * (anonymous memory, threads, processes sharing an address space, shared
 * memory, a mapped file, a spike, tasks coming and going), with sizes
 * drawn from SEED so that no answer can be written down in advance.  It
 * then compares the module's STATS with the ground truth /proc gives:
 * RssAnon, RssFile and RssShmem of /proc/PID/status, added up once per
 * address space (kcmp(2) says which processes share one).  It prints what
 * it expected and what it saw, for the student.  Exit status 0: passed;
 * 1: failed; 3: the workload itself could not be set up (the grader's
 * problem, not the student's).  It talks to /dev/ctlab through libctlab,
 * but for the bad requests, which it makes raw.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/kcmp.h>

#include "ctlab.h"	/* libctlab: the module's commands, one to one */

#define KiB 1024ULL
#define MiB (1024ULL * 1024)
#define MAX_WORKERS 8

static int dev = -1;
static const char *big_file;

/* ---- sizes drawn from the seed ---- */

static unsigned long long rng_state;

/* splitmix64: small, and the same sequence on every machine. */
static unsigned long long rng_next(void)
{
	unsigned long long z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [lo, hi]. */
static unsigned long draw(unsigned long lo, unsigned long hi)
{
	return lo + rng_next() % (hi - lo + 1);
}

/* ---- the workloads: children of the container's init ---- */

static void touch(volatile char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 4096)
		p[i] = 1;
}

static void *anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(20);
	touch(p, len);
	return p;
}

/*
 * A worker sets its memory up, says so on the ready pipe, and waits to be
 * killed.  The table is filled before the container starts: its init is
 * a copy of this process and finds it there.
 */
struct worker {
	void (*hold)(unsigned long mib);
	unsigned long mib;
};

static struct worker workers[MAX_WORKERS];
static int nr_workers;
static int ready_pipe[2] = { -1, -1 };
static int trigger_pipe[2] = { -1, -1 };	/* the checker's "go on" */

static void say_ready(void)
{
	if (write(ready_pipe[1], "r", 1) != 1)
		_exit(21);
}

static void add_worker(void (*hold)(unsigned long), unsigned long mib)
{
	workers[nr_workers].hold = hold;
	workers[nr_workers].mib = mib;
	nr_workers++;
}

/* The container's init: a child per worker; reaps whatever ends. */
static int run_workers(void *unused __attribute__((unused)))
{
	int i;

	for (i = 0; i < nr_workers; i++)
		if (fork() == 0) {
			workers[i].hold(workers[i].mib);
			say_ready();
			for (;;)
				pause();
		}
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}

static void hold_anon(unsigned long mib)
{
	anon(mib * MiB);
}

/* Threads of one process, each touching its own part of the one mm. */
static pthread_barrier_t threads_touched;

static void *thread_body(void *arg)
{
	anon((unsigned long)arg * MiB);
	pthread_barrier_wait(&threads_touched);
	for (;;)
		pause();
	return NULL;
}

/* @mib encodes the thread count (low byte) and MiB per thread (above). */
static void hold_threads(unsigned long mib)
{
	unsigned long nr = mib & 0xff, each = mib >> 8, i;
	pthread_t t;

	pthread_barrier_init(&threads_touched, NULL, nr + 1);
	for (i = 0; i < nr; i++)
		if (pthread_create(&t, NULL, thread_body, (void *)each))
			_exit(22);
	pthread_barrier_wait(&threads_touched);
}

/*
 * Processes that share one address space without being threads of one
 * process: clone(CLONE_VM) without CLONE_THREAD, what vfork() does for a
 * moment.  Each is a process of its own, /proc shows each with the whole
 * mm's RSS, and the mm must still be counted once.
 */
static int shared_vm_child(void *unused __attribute__((unused)))
{
	for (;;)
		syscall(SYS_pause);
	return 0;
}

/* @mib encodes the number of sharers (low byte) and the MiB held. */
static void hold_shared_mm(unsigned long mib)
{
	unsigned long sharers = mib & 0xff, i;
	size_t stack = 64 * KiB;

	anon((mib >> 8) * MiB);
	for (i = 0; i < sharers; i++) {
		char *s = mmap(NULL, stack, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (s == MAP_FAILED ||
		    clone(shared_vm_child, s + stack, CLONE_VM | SIGCHLD,
			  NULL) < 0)
			_exit(23);
	}
}

static void hold_memfd(unsigned long mib)
{
	int fd = memfd_create("lab03", 0);
	char *p;

	if (fd < 0 || ftruncate(fd, mib * MiB))
		_exit(24);
	p = mmap(NULL, mib * MiB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		_exit(25);
	touch(p, mib * MiB);
}

static void hold_shared_anon(unsigned long mib)
{
	char *p = mmap(NULL, mib * MiB, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(26);
	touch(p, mib * MiB);
}

/*
 * A file of the host's, read through a private mapping.  The guest's own
 * files are on tmpfs, whose pages count as shmem; a page-cache file comes
 * from the host over 9p.  @mib encodes the offset in MiB (low byte) and
 * the length in MiB (above).
 */
static void hold_file(unsigned long mib)
{
	size_t len = (mib >> 8) * MiB, i;
	off_t off = (off_t)(mib & 0xff) * MiB;
	volatile char *p;
	int fd = open(big_file, O_RDONLY);

	if (fd < 0)
		_exit(27);
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, off);
	if (p == MAP_FAILED)
		_exit(28);
	for (i = 0; i < len; i += 4096)
		(void)p[i];
}

/*
 * Holds a little memory; at each trigger, a spike for 100 ms, freed again.
 * @mib encodes the MiB held (low byte) and the spike's MiB (above).
 */
static void hold_spiker(unsigned long mib)
{
	size_t spike = (mib >> 8) * MiB;
	char c;

	anon((mib & 0xff) * MiB);
	say_ready();
	while (read(trigger_pipe[0], &c, 1) == 1) {
		void *p = anon(spike);

		usleep(100000);
		munmap(p, spike);
		say_ready();
	}
	_exit(0);
}

/*
 * Tasks coming and going for about two seconds: children that touch a
 * little memory and exit, threads that do the same, and children left as
 * zombies (exited, not yet reaped: a task with no mm any more).
 */
static void *short_thread(void *unused __attribute__((unused)))
{
	munmap(anon(MiB), MiB);
	return NULL;
}

static void hold_churn(unsigned long mib)
{
	struct timespec t0, t;
	pthread_t th;
	pid_t pid;
	char c;
	int i;

	for (i = 0; i < 3; i++)
		if (fork() == 0)
			_exit(0);	/* a zombie: this worker never waits */
	say_ready();
	if (read(trigger_pipe[0], &c, 1) != 1)
		_exit(29);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		pid = fork();
		if (pid == 0) {
			anon(mib * MiB);
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		if (!pthread_create(&th, NULL, short_thread, NULL))
			pthread_join(th, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 2);
	/* "Done": the zombies stay. */
}

/* ---- the container ---- */

static int cur_id = -1;
static int grader_fault;	/* the workload itself failed: not the student's */
static pid_t init_pid;		/* the container's first process, here */
static int init_go = -1;	/* closing it tells that process to go on */

/*
 * The container's first process, PID 1 of new PID, mount, UTS and IPC
 * namespaces: it ENTERs the container, says how that went on @report,
 * waits for the go (@go closed), then runs the workers.  (clone() copies
 * the parent's memory: the arguments are its own.)
 */
struct init_args {
	int id, report, go;
	int parents[2];	/* the parent's ends: closed here, or no EOF comes */
};

static char init_stack[256 * 1024] __attribute__((aligned(16)));

static int container_init(void *arg)
{
	const struct init_args *a = arg;
	int ret = ctlab_enter(dev, a->id);
	char c;

	close(a->parents[0]);
	close(a->parents[1]);
	if (write(a->report, &ret, sizeof(ret)) != sizeof(ret))
		return 100;
	close(a->report);
	if (ret)
		return 101;
	while (read(a->go, &c, 1) > 0)
		;
	return run_workers(NULL);
}

/* Starts container @id's first process: 0, or what ENTER said (-errno). */
static int start_init(int id)
{
	int report[2], go[2], ret = -EPIPE;
	struct init_args a;

	if (pipe2(report, O_CLOEXEC) || pipe2(go, O_CLOEXEC))
		return -errno;
	a = (struct init_args){ id, report[1], go[0], { report[0], go[1] } };
	init_pid = clone(container_init, init_stack + sizeof(init_stack),
			 CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
			 CLONE_NEWIPC | SIGCHLD, &a);
	close(report[1]);
	close(go[0]);
	if (init_pid < 0) {
		init_pid = 0;
		return -errno;
	}
	init_go = go[1];
	if (read(report[0], &ret, sizeof(ret)) != sizeof(ret))
		ret = -EPIPE;
	close(report[0]);
	return ret;
}

/* Waits for @n bytes on the ready pipe, for up to @ms. */
static int wait_ready(int n, int ms)
{
	struct pollfd p = { .fd = ready_pipe[0], .events = POLLIN };
	char c;

	while (n > 0) {
		if (poll(&p, 1, ms) != 1 || read(ready_pipe[0], &c, 1) != 1)
			return -1;
		n--;
	}
	return 0;
}

/* Starts a container running the workers; waits until they are ready. */
static int start(const char *name)
{
	struct ctlab_create req;
	int ret;

	grader_fault = 1;
	memset(&req, 0, sizeof(req));
	snprintf(req.name, sizeof(req.name), "%s", name);
	req.cgroup_fd = -1;
	req.namespaces = CTLAB_NS_MNT | CTLAB_NS_UTS | CTLAB_NS_IPC;
	ret = ctlab_create(dev, &req);
	if (ret) {
		printf("CREATE %s failed: %s\n", name, strerror(-ret));
		return -1;
	}
	cur_id = req.id;
	if (pipe(ready_pipe) || pipe(trigger_pipe))
		return -1;
	ret = start_init(cur_id);
	if (ret) {
		printf("ENTER failed: %s\n", strerror(-ret));
		return -1;
	}
	close(init_go);
	init_go = -1;
	close(ready_pipe[1]);
	close(trigger_pipe[0]);
	if (wait_ready(nr_workers, 30000)) {
		printf("the workload did not start\n");
		return -1;
	}
	grader_fault = 0;
	return 0;
}

static void stop(void)
{
	if (cur_id > 0)
		ctlab_destroy(dev, cur_id);
	if (init_go >= 0)
		close(init_go);
	if (init_pid > 0)
		waitpid(init_pid, NULL, 0);
	init_pid = 0;
	cur_id = -1;
}

/* ---- the ground truth ---- */

struct mem {
	unsigned long long anon, file, shmem;
};

struct truth {
	struct mem mem;
	int procs;	/* processes with an address space */
	int mms;	/* distinct address spaces among them */
	int threads;
};

static int same_mm(pid_t a, pid_t b)
{
	return syscall(SYS_kcmp, a, b, KCMP_VM, 0, 0) == 0;
}

/* One process's RssAnon, RssFile, RssShmem; 0 if it has no mm. */
static int proc_mem(int pid, struct mem *m, int *threads)
{
	unsigned long long kb;
	char path[64], line[256];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	memset(m, 0, sizeof(*m));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "RssAnon: %llu kB", &kb) == 1) {
			m->anon = kb * KiB;
			found = 1;
		} else if (sscanf(line, "RssFile: %llu kB", &kb) == 1)
			m->file = kb * KiB;
		else if (sscanf(line, "RssShmem: %llu kB", &kb) == 1)
			m->shmem = kb * KiB;
		else
			sscanf(line, "Threads: %d", threads);
	}
	fclose(f);
	return found;
}

/* /proc's view of the processes in @init's PID namespace. */
static struct truth proc_truth(pid_t init)
{
	struct truth t = { { 0, 0, 0 }, 0, 0, 0 };
	pid_t counted[256];
	struct stat ns, other;
	char path[64];
	struct dirent *d;
	DIR *proc;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
	if (stat(path, &ns))
		return t;
	proc = opendir("/proc");
	while (proc && (d = readdir(proc))) {
		int pid = atoi(d->d_name), i, threads = 0;
		struct mem m;

		snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
		if (!pid || stat(path, &other) || other.st_ino != ns.st_ino ||
		    !proc_mem(pid, &m, &threads))
			continue;
		t.procs++;
		t.threads += threads;
		for (i = 0; i < t.mms; i++)
			if (same_mm(pid, counted[i]))
				break;
		if (i < t.mms || t.mms == 256)
			continue;
		counted[t.mms++] = pid;
		t.mem.anon += m.anon;
		t.mem.file += m.file;
		t.mem.shmem += m.shmem;
	}
	if (proc)
		closedir(proc);
	return t;
}

/* ---- comparing ---- */

/* 3% or 256 KiB: the sample may be a few ms older than /proc. */
static unsigned long long tolerance(unsigned long long want)
{
	return want / 33 > 256 * KiB ? want / 33 : 256 * KiB;
}

static int near(unsigned long long got, unsigned long long want)
{
	return got + tolerance(want) >= want && got <= want + tolerance(want);
}

/* Which of the module's figures a check is about. */
enum part { ANON, FILE_, SHMEM };
static const char *const part_name[] = { "rss_anon", "rss_file", "rss_shmem" };
static const char *const proc_name[] = { "RssAnon", "RssFile", "RssShmem" };

static unsigned long long part_of_stats(const struct ctlab_stats *st,
					enum part p)
{
	return p == ANON ? st->rss_anon : p == FILE_ ? st->rss_file :
			   st->rss_shmem;
}

static unsigned long long part_of_mem(const struct mem *m, enum part p)
{
	return p == ANON ? m->anon : p == FILE_ ? m->file : m->shmem;
}

/*
 * Do the next samples agree with @t too?  Reading /proc/PID/status takes
 * a reference on the process's mm for a moment (mm_users + 1), which
 * makes a sample taken just then treat it as shared and count it once: a
 * walk that adds the mm once per thread could agree by luck.  So three
 * more samples, 30 ms apart (the sampler's period is 10 ms), with /proc
 * left alone, must agree as well.
 */
static int agrees_again(enum part p, struct ctlab_stats *st,
			const struct truth *t)
{
	int i;

	for (i = 0; i < 3; i++) {
		usleep(30000);
		if (ctlab_stats(dev, cur_id, NULL, st) ||
		    !near(part_of_stats(st, p), part_of_mem(&t->mem, p)))
			return 0;
	}
	return 1;
}

/*
 * Reads STATS and /proc until they agree on @p, for up to 3 s: STATS
 * gives the latest sample, a few ms old, and under an emulator a sample
 * may be late.  Returns 1 if they agreed; *st and *t hold the readings.
 */
static int settle(enum part p, struct ctlab_stats *st, struct truth *t)
{
	int ms = 3000;

	for (;;) {
		struct truth before = proc_truth(init_pid);

		if (ctlab_stats(dev, cur_id, NULL, st)) {
			printf("STATS failed: %s\n", strerror(errno));
			return 0;
		}
		*t = proc_truth(init_pid);
		if (part_of_mem(&before.mem, p) == part_of_mem(&t->mem, p) &&
		    near(part_of_stats(st, p), part_of_mem(&t->mem, p)) &&
		    agrees_again(p, st, t))
			return 1;
		if (ms <= 0)
			return 0;
		usleep(20000);
		ms -= 20;
	}
}

static void print_size(const char *what, unsigned long long bytes)
{
	printf("%s%.1f MiB", what, bytes / (double)MiB);
}

/* Settles, then says what was expected and what the module reported. */
static int expect_part(enum part p, const char *hint_if_multiple)
{
	struct ctlab_stats st = { 0 };
	struct truth t = { { 0, 0, 0 }, 0, 0, 0 };
	unsigned long long got, want;
	int ok = settle(p, &st, &t);

	got = part_of_stats(&st, p);
	want = part_of_mem(&t.mem, p);
	print_size("expected ", want);
	print_size(" ± ", tolerance(want));
	printf(" in %s: /proc's %s added up over the container's %d address space%s (%d process%s, %d thread%s)\n",
	       part_name[p], proc_name[p], t.mms, t.mms == 1 ? "" : "s",
	       t.procs, t.procs == 1 ? "" : "es", t.threads,
	       t.threads == 1 ? "" : "s");
	print_size("the module reported ", got);
	print_size(" (rss_anon ", st.rss_anon);
	print_size(", rss_file ", st.rss_file);
	print_size(", rss_shmem ", st.rss_shmem);
	printf(")\n");
	if (ok)
		return 1;
	if (got == 0)
		printf("nothing was counted: does your walk add this counter at all?\n");
	else if (hint_if_multiple && want && got > want + want / 3)
		printf("%.1f times too much: %s\n", got / (double)want,
		       hint_if_multiple);
	return 0;
}

/* ---- the checks ---- */

/* The container's processes and threads, as /proc lists them. */
static int check_tasks(void)
{
	unsigned long nr = draw(2, 6), procs = draw(1, 4), i;
	struct ctlab_stats st = { 0 };
	struct truth t = { { 0, 0, 0 }, 0, 0, 0 };
	int agree = 0, ms;

	add_worker(hold_threads, nr | 1 << 8);
	for (i = 0; i < procs; i++)
		add_worker(hold_anon, 1);
	printf("a process with %lu threads and %lu more processes\n", nr,
	       procs);
	if (start("lab03-tasks"))
		return 0;
	for (ms = 3000; !agree && ms > 0; ms -= 20) {
		if (ctlab_stats(dev, cur_id, NULL, &st)) {
			printf("STATS failed: %s\n", strerror(errno));
			return 0;
		}
		t = proc_truth(init_pid);
		agree = st.nr_procs == (unsigned int)t.procs &&
			st.nr_threads == (unsigned int)t.threads;
		if (!agree)
			usleep(20000);
	}
	printf("expected %d processes and %d threads (init included), as /proc lists them; the module reported nr_procs %u, nr_threads %u\n",
	       t.procs, t.threads, st.nr_procs, st.nr_threads);
	return agree;
}

static int check_processes(void)
{
	int n = draw(2, 5), i;

	for (i = 0; i < n; i++)
		add_worker(hold_anon, draw(2, 12));
	printf("%d processes holding anonymous memory\n", n);
	return !start("lab03-procs") &&
	       expect_part(ANON, "is something counted more than once?");
}

static int check_threads(void)
{
	unsigned long nr = draw(3, 7), each = draw(2, 6);

	add_worker(hold_threads, nr | each << 8);
	add_worker(hold_anon, draw(2, 6));
	printf("a process with %lu threads, each touching %lu MiB of the one address space\n",
	       nr, each);
	return !start("lab03-threads") &&
	       expect_part(ANON, "each thread seems to add the whole address space: threads share one mm, count it once");
}

static int check_shared_mm(void)
{
	unsigned long sharers = draw(2, 4), mib = draw(6, 16);

	add_worker(hold_shared_mm, sharers | mib << 8);
	printf("%lu processes made with clone(CLONE_VM) sharing one address space of %lu MiB\n",
	       sharers + 1, mib);
	return !start("lab03-sharedmm") &&
	       expect_part(ANON, "processes that share an mm (mm_users above their thread count) must count it once");
}

static int check_shmem(void)
{
	add_worker(hold_memfd, draw(3, 12));
	add_worker(hold_shared_anon, draw(3, 12));
	printf("a memfd and a MAP_SHARED|MAP_ANONYMOUS mapping, both touched\n");
	return !start("lab03-shmem") && expect_part(SHMEM, NULL);
}

static int check_file(void)
{
	struct stat s;
	unsigned long len = draw(4, 16), off;

	if (stat(big_file, &s) || s.st_size < 48 * (off_t)MiB) {
		printf("no file of 48 MiB or more at %s\n", big_file);
		grader_fault = 1;
		return 0;
	}
	off = draw(0, 24);
	add_worker(hold_file, off | len << 8);
	add_worker(hold_file, draw(0, 24) | draw(2, 8) << 8);
	printf("two processes reading parts of a %lld MiB file through mmap()\n",
	       (long long)(s.st_size / MiB));
	return !start("lab03-file") &&
	       expect_part(FILE_, "is something counted more than once?");
}

/*
 * One spike of @spike bytes, 100 ms long, then waits for the samples to
 * show the RSS back down.  Returns 1 if the peak caught it.
 */
static int one_spike(unsigned long long spike)
{
	unsigned long long base, slack;
	struct ctlab_stats st;
	struct truth t;
	int back = 0, wait_ms;

	/* A sample of the workload as it is now, whatever it says. */
	settle(ANON, &st, &t);
	if (ctlab_reset_peak(dev, cur_id) ||
	    ctlab_stats(dev, cur_id, NULL, &st))
		return 0;
	base = st.rss;
	if (write(trigger_pipe[1], "s", 1) != 1 || wait_ready(1, 30000))
		return 0;
	/* Samples every 10 ms: up to 2 s for the RSS to come back down. */
	for (wait_ms = 0; wait_ms < 2000; wait_ms += 10) {
		back = !ctlab_stats(dev, cur_id, NULL, &st) &&
		       st.rss < base + spike / 2;
		if (back)
			break;
		usleep(10000);
	}
	slack = 4 * MiB + spike / 10;
	print_size("before the spike the module said rss ", base);
	print_size("; after it, rss ", st.rss);
	print_size(" and rss_peak ", st.rss_peak);
	print_size(" (expected at least rss before + 90% of the spike: ",
		   base + spike * 9 / 10);
	print_size(", at most ", base + spike + slack);
	printf(")\n");
	if (!back)
		printf("the RSS did not fall back after the spike\n");
	if (st.rss_peak < st.rss)
		printf("rss_peak is below rss: the peak must be the most rss ever sampled\n");
	else if (st.rss_peak == 0 && st.rss == 0)
		printf("rss is 0 too: the peak can only be as good as the walk (steps 1 and 2)\n");
	else if (st.rss_peak == 0)
		printf("rss_peak stays 0: does the sampler keep the peak (step 4)?\n");
	else if (st.rss_peak < base + spike * 9 / 10)
		printf("the spike is not in rss_peak: is it the largest sample, or only the latest?\n");
	return back && st.rss_peak >= base + spike * 9 / 10 &&
	       st.rss_peak <= base + spike + slack && st.rss_peak >= st.rss;
}

static int check_peak(void)
{
	unsigned long long spike = draw(24, 40) * MiB;

	add_worker(hold_spiker, draw(2, 8) | (spike / MiB) << 8);
	print_size("a process holding a little memory, then a spike of ",
		   spike);
	printf(" for 100 ms, freed again\n");
	if (start("lab03-peak"))
		return 0;
	/* A busy host can starve the sampler for a moment: a second try. */
	if (one_spike(spike))
		return 1;
	printf("second try:\n");
	return one_spike(spike);
}

static int check_churn(void)
{
	unsigned long hold = draw(8, 24);
	unsigned long long least = ~0ULL, most = 0, floor;
	struct ctlab_stats st;
	struct truth t;
	struct pollfd p;
	int samples = 0;

	add_worker(hold_anon, hold);
	add_worker(hold_churn, draw(1, 4));
	printf("a process holding %lu MiB while others fork, exit and leave zombies for 2 s\n",
	       hold);
	if (start("lab03-churn"))
		return 0;
	settle(ANON, &st, &t);
	if (write(trigger_pipe[1], "c", 1) != 1)
		return 0;
	p.fd = ready_pipe[0];
	p.events = POLLIN;
	/* Until the churner says it is done: a STATS every 5 ms. */
	while (poll(&p, 1, 5) == 0 && samples < 4000) {
		if (ctlab_stats(dev, cur_id, NULL, &st)) {
			printf("STATS failed during the churn: %s\n",
			       strerror(errno));
			return 0;
		}
		least = st.rss_anon < least ? st.rss_anon : least;
		most = st.rss_anon > most ? st.rss_anon : most;
		samples++;
	}
	/* On 6.1 a task's last few page counts may not be in its mm yet. */
	floor = hold * MiB - tolerance(hold * MiB);
	print_size("during the churn, rss_anon went from ", least);
	print_size(" to ", most);
	print_size(" (expected never less than ", floor);
	print_size(": one process holds ", hold * MiB);
	printf(" all along)\n");
	if (least < floor)
		return 0;
	printf("after it:\n");
	return expect_part(ANON, "is something counted more than once?");
}

/* A bad request and the errno the ABI promises for it. */
static int bad_request(const char *what, unsigned long cmd, void *arg,
		       int want)
{
	/* A raw ioctl: libctlab would refuse most of these before the module. */
	int ret = ioctl(dev, cmd, arg) ? -errno : 0;

	if (ret == -want)
		return 1;
	printf("%s: expected %s, got %s\n", what, strerror(want),
	       ret ? strerror(-ret) : "success");
	return 0;
}

static int check_bad_ioctl(void)
{
	struct ctlab_stats st;
	struct ctlab_create cr;
	struct ctlab_id cid;
	int ok = 1;

	memset(&st, 0, sizeof(st));
	st.id = 0x7fff0000 + draw(0, 0xffff);
	ok &= bad_request("STATS of a container that does not exist",
			  CTLAB_IOC_STATS, &st, ENOENT);
	st.id = 0;
	snprintf(st.name, sizeof(st.name), "../x");
	ok &= bad_request("STATS by an invalid name", CTLAB_IOC_STATS, &st,
			  EINVAL);
	memset(&st, 0, sizeof(st));
	st.id = 1;
	st.reserved[draw(0, 7)] = 1;
	ok &= bad_request("STATS with a reserved field set", CTLAB_IOC_STATS,
			  &st, EINVAL);
	ok &= bad_request("STATS with a bad pointer", CTLAB_IOC_STATS,
			  (void *)16, EFAULT);
	memset(&cr, 0, sizeof(cr));
	snprintf(cr.name, sizeof(cr.name), "a/b");
	cr.cgroup_fd = -1;
	ok &= bad_request("CREATE with an invalid name", CTLAB_IOC_CREATE,
			  &cr, EINVAL);
	memset(&cid, 0, sizeof(cid));
	cid.id = 0x7fff0000 + draw(0, 0xffff);
	ok &= bad_request("DESTROY of a container that does not exist",
			  CTLAB_IOC_DESTROY, &cid, ENOENT);
	ok &= bad_request("an unknown command", _IO(CTLAB_IOC_MAGIC, 0x77),
			  NULL, ENOTTY);
	ok &= bad_request("STATS with the wrong size",
			  _IOWR(CTLAB_IOC_MAGIC, 4, struct ctlab_id), &cid,
			  EINVAL);
	if (ok)
		printf("every bad request got the errno the ABI promises\n");
	return ok;
}

static int check_version(void)
{
	struct ctlab_version v;

	int ret = ctlab_version(dev, &v);

	if (ret) {
		printf("GET_VERSION failed: %s\n", strerror(-ret));
		return 0;
	}
	printf("GET_VERSION: ABI %u.%u\n", v.abi_major, v.abi_minor);
	return v.abi_major == CTLAB_ABI_MAJOR;
}

static const struct {
	const char *name;
	int (*run)(void);
} checks[] = {
	{ "version", check_version },
	{ "tasks", check_tasks },
	{ "processes", check_processes },
	{ "threads", check_threads },
	{ "shared_mm", check_shared_mm },
	{ "shmem", check_shmem },
	{ "file", check_file },
	{ "peak", check_peak },
	{ "churn", check_churn },
	{ "bad_ioctl", check_bad_ioctl },
};

int main(int argc, char **argv)
{
	unsigned int i;
	const char *c;
	int ok;

	if (argc != 4) {
		fprintf(stderr, "usage: checks CHECK SEED BIG-FILE\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Each check draws its own sizes: the seed, mixed with its name. */
	rng_state = strtoull(argv[2], NULL, 0);
	for (c = argv[1]; *c; c++)
		rng_state = rng_state * 131 + (unsigned char)*c;
	big_file = argv[3];
	ok = ctlab_open(&dev);
	if (ok) {
		printf("cannot open /dev/ctlab: %s\n", strerror(-ok));
		return 1;
	}
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (!strcmp(argv[1], checks[i].name))
			break;
	if (i == sizeof(checks) / sizeof(checks[0])) {
		fprintf(stderr, "checks: no check %s\n", argv[1]);
		return 2;
	}
	ok = checks[i].run();
	stop();
	return grader_fault ? 3 : ok ? 0 : 1;
}
