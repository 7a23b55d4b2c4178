// SPDX-License-Identifier: GPL-2.0
/*
 * tests/vm/memory.c: KTAP tests of ctlab.ko's memory accounting and
 * limits, run in the lab VM by tests/vm/module-suite.
 *
 * Workloads that allocate known amounts (anonymous memory, a mapped file,
 * shared memory, threads) run inside a container; the module's figures
 * must agree with /proc within 2% or 64 KiB, catch a 50 ms spike, and a
 * limit must hold: the container's processes are killed, no one else.
 */
#include <dirent.h>
#include <poll.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "ctl.h"
#include "ktap.h"

static int dev = -1;

#define EXPECT KTAP_EXPECT

/* Touches every page of @len bytes at @p, so that it is resident. */
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

/* A file of the host's, at least 16 MiB, given by module-suite. */
static const char *big_file;

/* Each workload runs in a child of the container's init. */
static void hold_file(void)
{
	size_t len = 16 * MiB, i;
	volatile char *p;
	int fd;

	/* The guest's own files are on tmpfs, whose pages count as shmem;
	 * a page-cache file comes from the host over 9p. */
	fd = open(big_file, O_RDONLY);
	if (fd < 0)
		_exit(21);
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		_exit(22);
	for (i = 0; i < len; i += 4096)
		(void)p[i];
}

static void hold_shmem(void)
{
	size_t len = 8 * MiB;
	int fd = memfd_create("ctlab-test", 0);
	char *p;

	if (fd < 0 || ftruncate(fd, len))
		_exit(23);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		_exit(24);
	touch(p, len);
}

static void *thread_touch(void *unused __attribute__((unused)))
{
	anon(2 * MiB);
	return NULL;
}

/* Four threads of one process, 2 MiB each: one mm, counted once. */
static void hold_threads(void)
{
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, thread_touch, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
}

struct workload {
	int ready;		/* a byte is written here per child ready */
	void (*hold[4])(void);
};

static void hold_anon(void)
{
	anon(24 * MiB);
}

/* Init: a child per workload, each holds its memory until killed. */
static int run_workloads(void *arg)
{
	struct workload *w = arg;
	int i;

	for (i = 0; i < 4 && w->hold[i]; i++)
		if (fork() == 0) {
			w->hold[i]();
			if (write(w->ready, "r", 1) != 1)
				_exit(25);
			pause();
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	return 0;
}

/*
 * What /proc says of the processes whose PID namespace is @init's.  The
 * RSS is the page tables' count (smaps_rollup walks them), not VmRSS:
 * on 6.1 VmRSS lags by up to 63 page faults per thread, which the
 * module, rightly, does not.
 */
struct proc_view {
	unsigned long long rss;		/* sum of smaps_rollup Rss, bytes */
	unsigned long long min_flt;	/* sum of minflt + cminflt */
};

/* Adds one process's resident pages (smaps_rollup) and minor faults (stat). */
static void proc_add(int pid, void *arg)
{
	struct proc_view *v = arg;
	unsigned long long kb, flt, cflt;
	char path[64], line[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Rss: %llu kB", &kb) == 1)
			v->rss += kb * 1024;
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	/* After "(comm)": state ppid pgrp session tty tpgid flags minflt
	 * cminflt, fields 3 to 11. */
	if (f && fgets(line, sizeof(line), f) && (p = strrchr(line, ')')) &&
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %llu %llu", &flt,
		   &cflt) == 2)
		v->min_flt += flt + cflt;
	if (f)
		fclose(f);
}

static struct proc_view proc_view(pid_t init)
{
	struct proc_view v = { 0, 0 };

	ctl_each_member(init, proc_add, &v);
	return v;
}

/* Starts a container running @w; waits until all its children are ready. */
static int start_workloads(struct ct *ct, const char *name, struct workload *w,
			   int n)
{
	int ready[2], id;
	char c;

	id = ctl_create(dev, name, 0, -1, 0);
	if (id < 0 || pipe(ready))
		return -1;
	w->ready = ready[1];
	if (ct_start(ct, dev, id, CT_NAMESPACES, -1, run_workloads, w) ||
	    ct->enter_ret)
		return -1;
	ct_go(ct);
	close(ready[1]);
	while (n-- > 0)
		if (read(ready[0], &c, 1) != 1)
			return -1;
	close(ready[0]);
	return id;
}

static enum ktap_result test_rss_matches_proc(void)
{
	struct workload w = { .hold = { hold_anon, hold_file, hold_shmem,
					hold_threads } };
	unsigned long long rss, tolerance;
	struct proc_view before, after;
	struct ctlab_stats st;
	struct ct ct;
	int id = start_workloads(&ct, "accuracy", &w, 4);

	EXPECT(id > 0, "could not start the workloads");
	/* Wait for a sample taken after the workloads settled. */
	usleep(50000);
	before = proc_view(ct.pid);
	EXPECT(!ctl_stats(dev, id, &st), "STATS: %s", strerror(errno));
	after = proc_view(ct.pid);
	ctl_destroy(dev, id);
	ct_wait(&ct);

	rss = (before.rss + after.rss) / 2;
	tolerance = rss / 50 > 65536 ? rss / 50 : 65536;
	ktap_diag("module %llu KiB (anon %llu, file %llu, shmem %llu), /proc %llu KiB, %u procs, %u threads",
		  (unsigned long long)st.rss >> 10,
		  (unsigned long long)st.rss_anon >> 10,
		  (unsigned long long)st.rss_file >> 10,
		  (unsigned long long)st.rss_shmem >> 10, rss >> 10,
		  st.nr_procs, st.nr_threads);
	EXPECT(st.nr_procs == 5 && st.nr_threads == 5,
	       "want 5 processes and 5 threads now (the 4 workers joined)");
	EXPECT(st.rss + tolerance >= rss && st.rss <= rss + tolerance,
	       "module's RSS is off /proc's by more than %llu KiB",
	       tolerance >> 10);
	EXPECT(st.rss_anon >= 30 * MiB && st.rss_file >= 15 * MiB &&
	       st.rss_shmem >= 7 * MiB,
	       "the split is off: want at least 30 MiB anon, 15 file, 7 shmem");
	EXPECT(st.rss == st.rss_anon + st.rss_file + st.rss_shmem,
	       "rss is not the sum of its parts");
	/* Faults as /proc/PID/stat counts them, the reaped ones included
	 * (how many depends on huge pages and fault-around, not on us). */
	EXPECT(st.min_flt >= before.min_flt && st.min_flt <= after.min_flt + 50,
	       "min_flt %llu, /proc says %llu to %llu",
	       (unsigned long long)st.min_flt, before.min_flt, after.min_flt);
	EXPECT(st.utime + st.stime > 0, "no CPU time");
	return KTAP_PASS;
}

/* A 32 MiB spike held for 50 ms, then freed. */
static void spike(void)
{
	size_t len = 32 * MiB;
	void *p = anon(len);

	usleep(50000);
	munmap(p, len);
}

static enum ktap_result test_peak_catches_spike(void)
{
	struct workload w = { .hold = { spike } };
	struct ctlab_stats st;
	struct ct ct;
	int id = start_workloads(&ct, "spike", &w, 1);

	EXPECT(id > 0, "could not start the spike");
	/* STATS reports the latest sample: wait for one after the spike. */
	EXPECT(ctl_wait_until(!ctl_stats(dev, id, &st) && st.rss < 16 * MiB,
			      1000), "STATS: rss %llu KiB",
	       (unsigned long long)st.rss >> 10);
	EXPECT(st.rss_peak >= 32 * MiB,
	       "after a 50 ms spike of 32 MiB: rss_peak %llu KiB, rss %llu KiB",
	       (unsigned long long)st.rss_peak >> 10,
	       (unsigned long long)st.rss >> 10);
	EXPECT(!ctl_id_cmd(dev, CTLAB_IOC_RESET_PEAK, id) &&
	       !ctl_stats(dev, id, &st) && st.rss_peak < 16 * MiB &&
	       st.rss_peak >= st.rss, "after RESET_PEAK: rss_peak %llu KiB",
	       (unsigned long long)st.rss_peak >> 10);
	ctl_destroy(dev, id);
	ct_wait(&ct);
	return KTAP_PASS;
}

/* Grows by 1 MiB steps until killed; exits 0 only if it never is. */
static int grower(void *unused __attribute__((unused)))
{
	pid_t pid = fork();
	int status, i;

	if (pid == 0) {
		for (i = 0; i < 256; i++)
			anon(MiB);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	/* Init's exit status says how the grower ended. */
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 9 : 1;
}

/*
 * A mapped page another cgroup paid for (this program's text, libc) is
 * in the RSS but not in the charge: the RSS may pass the limit by that.
 */
#define RSS_SLACK (4 * MiB)

/*
 * The kernel adds a charge to the counter first and compares with the
 * limit after (mm/page_counter.c: page_counter_try_charge): a charge
 * that fails is in the counter for an instant before it is taken back,
 * and a reader may see it.  The limit holds; a sample may pass it by
 * one charge: a batch of 64 pages, or a 2 MiB huge page.
 */
#define CHARGE_SLACK (2 * MiB)

static enum ktap_result limit_test(const char *name, uint32_t on_limit,
				   struct ctlab_stats *st)
{
	unsigned long long max_rss = 0, max_charge = 0, limit = 32 * MiB;
	int cg = cg_make(name), id;
	struct ct ct;

	EXPECT(cg >= 0, "cgroup %s: %s", name, strerror(-cg));
	id = ctl_create(dev, name, limit, cg, on_limit);
	EXPECT(id > 0, "CREATE %s: %s", name, strerror(-id));
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, cg, grower, NULL) &&
	       !ct.enter_ret, "start: ENTER %d", ct.enter_ret);
	ct_go(&ct);
	while (!ctl_stats(dev, id, st) && st->state == CTLAB_STATE_RUNNING) {
		if (st->rss > max_rss)
			max_rss = st->rss;
		if (st->charge > max_charge)
			max_charge = st->charge;
		usleep(5000);
	}
	ct_wait(&ct);
	ctl_destroy(dev, id);
	close(cg);
	cg_remove(name);
	ktap_diag("limit %llu KiB: most seen rss %llu KiB, charge %llu KiB, charge_peak %llu KiB; failcnt %llu, oom_kills %llu",
		  limit >> 10, max_rss >> 10, max_charge >> 10,
		  (unsigned long long)st->charge_peak >> 10,
		  (unsigned long long)st->failcnt,
		  (unsigned long long)st->oom_kills);
	EXPECT(max_charge <= limit + CHARGE_SLACK &&
	       max_rss <= limit + RSS_SLACK && st->charge_peak <= limit,
	       "the container held more than its limit");
	EXPECT(st->failcnt > 0 && st->oom_kills > 0,
	       "failcnt and oom_kills must count the limit hits");
	/* The grower was reaped, its init exited: what they used stays in
	 * the container's totals. */
	EXPECT(st->min_flt > 0 && st->utime + st->stime > 0,
	       "after exit: min_flt %llu, CPU %llu ns",
	       (unsigned long long)st->min_flt,
	       (unsigned long long)(st->utime + st->stime));
	return KTAP_PASS;
}

static enum ktap_result test_limit_oom(void)
{
	struct ctlab_stats st;

	if (limit_test("limit-oom", CTLAB_ON_LIMIT_OOM, &st) != KTAP_PASS)
		return KTAP_FAIL;
	/* The OOM killer took the grower; init lived on to report it. */
	EXPECT(WIFEXITED(st.exit_status) && WEXITSTATUS(st.exit_status) == 9,
	       "init's status %#x: want exit(9), the grower killed, init spared",
	       st.exit_status);
	return KTAP_PASS;
}

static enum ktap_result test_limit_kill_all(void)
{
	struct ctlab_stats st;

	if (limit_test("limit-kill", CTLAB_ON_LIMIT_KILL_ALL, &st) != KTAP_PASS)
		return KTAP_FAIL;
	EXPECT(WIFSIGNALED(st.exit_status) && WTERMSIG(st.exit_status) == SIGKILL,
	       "init's status %#x: want killed with the rest", st.exit_status);
	return KTAP_PASS;
}

/* Init: a grower that the limit kills, then waits to be destroyed. */
static int grow_then_wait(void *unused)
{
	grower(unused);
	for (;;)
		pause();
	return 0;
}

static enum ktap_result test_poll_wakes_at_limit(void)
{
	struct pollfd p = { .events = POLLIN };
	int cg = cg_make("limit-poll"), id;
	struct ctlab_stats st;
	char buf[4096];
	struct ct ct;

	EXPECT(cg >= 0, "cgroup: %s", strerror(-cg));
	id = ctl_create(dev, "limit-poll", 16 * MiB, cg, CTLAB_ON_LIMIT_OOM);
	EXPECT(id > 0, "CREATE limit-poll: %s", strerror(-id));
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, cg, grow_then_wait,
			 NULL) && !ct.enter_ret, "start: ENTER %d", ct.enter_ret);
	p.fd = ctl_open();
	EXPECT(p.fd >= 0 && read(p.fd, buf, sizeof(buf)) > 0,
	       "open and read: %s", strerror(errno));
	/* Nothing but the limit can make news now: init does not exit. */
	ct_go(&ct);
	EXPECT(poll(&p, 1, 10000) == 1, "poll did not wake at the limit");
	EXPECT(!ctl_stats(dev, id, &st) && st.failcnt > 0 &&
	       st.state == CTLAB_STATE_RUNNING,
	       "woken with failcnt %llu, state %u",
	       (unsigned long long)st.failcnt, st.state);
	close(p.fd);
	ctl_destroy(dev, id);
	ct_wait(&ct);
	close(cg);
	cg_remove("limit-poll");
	return KTAP_PASS;
}

static enum ktap_result test_set_limit(void)
{
	struct workload w = { .hold = { hold_anon } };
	int cg = cg_make("setlimit"), id, ready[2];
	struct ctlab_limit lim;
	struct ctlab_stats st;
	struct ct ct;
	char c;

	EXPECT(cg >= 0 && !pipe(ready), "cgroup: %s", strerror(-cg));
	id = ctl_create(dev, "setlimit", 0, cg, 0);
	EXPECT(id > 0, "CREATE setlimit: %s", strerror(-id));
	w.ready = ready[1];
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, cg, run_workloads, &w) &&
	       !ct.enter_ret, "start: ENTER %d", ct.enter_ret);
	ct_go(&ct);
	close(ready[1]);
	EXPECT(read(ready[0], &c, 1) == 1, "the workload did not start");

	memset(&lim, 0, sizeof(lim));
	lim.id = id;
	lim.limit = 8 * MiB;
	lim.barrier = 16 * MiB;
	EXPECT(ctl_ioctl(dev, CTLAB_IOC_SET_LIMIT, &lim) == -EINVAL,
	       "SET_LIMIT with the barrier above the limit: want EINVAL");
	lim.barrier = 0;
	EXPECT(!ctl_ioctl(dev, CTLAB_IOC_SET_LIMIT, &lim), "SET_LIMIT 8 MiB: %s",
	       strerror(errno));
	/* No swap: the kernel cannot reclaim 24 MiB of anonymous memory,
	 * so it kills the holder. */
	EXPECT(ctl_wait_until(!ctl_stats(dev, id, &st) && st.oom_kills > 0 &&
			      st.charge <= 8 * MiB, 5000),
	       "after SET_LIMIT 8 MiB: charge %llu KiB, oom_kills %llu",
	       (unsigned long long)st.charge >> 10,
	       (unsigned long long)st.oom_kills);
	/* The OOM killer may take init too, once the holder is gone and
	 * the charge has not yet fallen: the container's state may vary. */
	EXPECT(st.limit == 8 * MiB, "limit %llu, want 8 MiB",
	       (unsigned long long)st.limit);
	ctl_destroy(dev, id);
	ct_wait(&ct);
	close(cg);
	cg_remove("setlimit");

	id = ctl_create(dev, "nocgroup", 0, -1, 0);
	lim.id = id;
	EXPECT(ctl_ioctl(dev, CTLAB_IOC_SET_LIMIT, &lim) == -EINVAL,
	       "SET_LIMIT on a container without a cgroup: want EINVAL");
	ctl_destroy(dev, id);
	return KTAP_PASS;
}

static const struct ktap_test tests[] = {
	{ "rss_matches_proc", test_rss_matches_proc },
	{ "peak_catches_50ms_spike", test_peak_catches_spike },
	{ "limit_oom_kills_inside_only", test_limit_oom },
	{ "limit_kill_all", test_limit_kill_all },
	{ "poll_wakes_at_limit", test_poll_wakes_at_limit },
	{ "set_limit", test_set_limit },
};

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE-OF-16-MIB-OR-MORE\n", argv[0]);
		return 2;
	}
	big_file = argv[1];
	dev = ctl_open();
	if (dev < 0) {
		printf("Bail out! /dev/ctlab: %s\n", strerror(errno));
		return 1;
	}
	return ktap_run(tests, sizeof(tests) / sizeof(tests[0])) ? 1 : 0;
}
