// SPDX-License-Identifier: GPL-2.0
/*
 * tests/vm/hostile.c: KTAP tests of the holes a hostile test of ctlab.ko
 * found (issue 17), one test per hole, run in the lab VM by
 * tests/vm/module-suite with the module loaded.
 *
 * Each test does what the hostile user did and checks what a user would
 * notice: a container DESTROY cannot kill, memory missing from rss, a
 * name the CLI cannot type, a cgroup whose limit hits outsiders, a limit
 * that the cgroup and STATS disagree on, a file that carries another
 * user's power.  Each failed on the module before its fix.
 */
#include <dirent.h>
#include <poll.h>
#include <pthread.h>
#include <sys/mman.h>
#include <linux/capability.h>

#include "ctl.h"
#include "ktap.h"

#define EXPECT KTAP_EXPECT
#define PAGE 4096

static int dev = -1;

/* Touches @bytes of fresh anonymous memory, which stays mapped. */
static void touch_new(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i;

	if (p == MAP_FAILED)
		return;
	for (i = 0; i < bytes; i += PAGE)
		p[i] = 1;
}

/* The first number after @key in a /proc file, or -1. */
static long long proc_number(pid_t pid, const char *file, const char *key)
{
	char path[96], line[256];
	long long n = -1;
	size_t len = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len)) {
			n = strtoll(line + len, NULL, 10);
			break;
		}
	fclose(f);
	return n;
}

/* The state letter of /proc/PID/status, '?' if there is none. */
static char proc_state(pid_t pid)
{
	char path[64], line[256], state = '?';
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return state;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "State: %c", &state) == 1)
			break;
	fclose(f);
	return state;
}

/* VmRSS of a thread of @pid other than its leader, in KiB; -1 if none. */
static long long thread_rss_kib(pid_t pid)
{
	char path[64];
	long long kib = -1;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.' && atoi(d->d_name) != pid) {
			snprintf(path, sizeof(path), "task/%d/status",
				 atoi(d->d_name));
			kib = proc_number(pid, path, "VmRSS:");
		}
	closedir(dir);
	return kib;
}

/* ---- 1, 2: an init whose main thread exited while a thread runs ---- */

static void *hold_16mib(void *unused)
{
	(void)unused;
	touch_new(16 * MiB);
	for (;;)
		pause();
	return NULL;
}

/* The container's init: a thread holds 16 MiB, the main thread exits. */
static int zombie_leader(void *unused)
{
	pthread_t t;

	(void)unused;
	if (pthread_create(&t, NULL, hold_16mib, NULL))
		return 1;
	syscall(SYS_exit, 0);	/* this thread only, not exit_group */
	return 0;
}

static int start_zombie_leader(struct ct *ct)
{
	struct ctlab_stats st;
	int id;

	ctl_destroy_all(dev);
	id = ctl_create(dev, "zombie-leader", 0, -1, 0);
	if (id <= 0 || ct_start(ct, dev, id, CT_NAMESPACES, -1, zombie_leader,
				NULL) || ct->enter_ret) {
		ktap_diag("CREATE %d, ENTER %d", id, ct->enter_ret);
		return -1;
	}
	ct_go(ct);
	/* The leader a zombie, its thread's 16 MiB touched, sampled. */
	if (!ctl_wait_until(proc_state(ct->pid) == 'Z' &&
			    thread_rss_kib(ct->pid) >= 16 * 1024 &&
			    !ctl_stats(dev, id, &st) && st.nr_threads == 2,
			    5000)) {
		ktap_diag("init state %c, its thread's VmRSS %lld KiB, %u threads",
			  proc_state(ct->pid), thread_rss_kib(ct->pid),
			  st.nr_threads);
		return -1;
	}
	usleep(300 * 1000);
	return id;
}

static enum ktap_result test_zombie_leader_rss(void)
{
	struct ctlab_stats st;
	struct ct ct;
	int id = start_zombie_leader(&ct);

	EXPECT(id > 0, "could not start an init whose main thread exits");
	EXPECT(!ctl_stats(dev, id, &st), "STATS");
	ktap_diag("rss %llu KiB", (unsigned long long)st.rss / 1024);
	ctl_destroy_all(dev);
	kill(ct.pid, SIGKILL);
	ct_wait(&ct);
	EXPECT(st.rss >= 16 * MiB,
	       "rss %llu KiB: the live thread's 16 MiB are missing",
	       (unsigned long long)st.rss / 1024);
	return KTAP_PASS;
}

static enum ktap_result test_destroy_zombie_leader(void)
{
	struct ct ct;
	int id = start_zombie_leader(&ct), ret;

	EXPECT(id > 0, "could not start an init whose main thread exits");
	ret = ctl_destroy(dev, id);
	if (ret)
		kill(ct.pid, SIGKILL);
	ct_wait(&ct);
	EXPECT(!ret, "DESTROY: %s (the thread outlived its zombie leader)",
	       strerror(-ret));
	return KTAP_PASS;
}

/* ---- 3: rss against the page tables, with many threads ---- */

#define THREADS 64
#define THREAD_PAGES 40		/* each thread stays under 64 updates */

static pthread_barrier_t touched;

static void *touch_a_little(void *unused)
{
	(void)unused;
	touch_new(THREAD_PAGES * PAGE);
	pthread_barrier_wait(&touched);
	for (;;)
		pause();
	return NULL;
}

/* The container's init: THREADS threads that each fault a little. */
static int many_threads(void *arg)
{
	int ready = *(int *)arg, i;
	pthread_t t;

	pthread_barrier_init(&touched, NULL, THREADS + 1);
	for (i = 0; i < THREADS; i++)
		if (pthread_create(&t, NULL, touch_a_little, NULL))
			return 1;
	pthread_barrier_wait(&touched);
	close(ready);
	for (;;)
		pause();
	return 0;
}

static enum ktap_result test_rss_many_threads(void)
{
	int id = ctl_create(dev, "threads", 0, -1, 0), ready[2];
	long long tables_kib;
	struct ctlab_stats st;
	double off;
	char c;
	struct ct ct;

	EXPECT(id > 0 && !pipe(ready), "CREATE threads");
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, -1, many_threads,
			 &ready[1]) && !ct.enter_ret, "start: %d", ct.enter_ret);
	close(ready[1]);
	ct_go(&ct);
	EXPECT(read(ready[0], &c, 1) == 0, "the threads did not start");
	close(ready[0]);
	usleep(300 * 1000);
	/* smaps_rollup walks the page tables: what is really mapped. */
	tables_kib = proc_number(ct.pid, "smaps_rollup", "Rss:");
	EXPECT(!ctl_stats(dev, id, &st), "STATS");
	ctl_destroy_all(dev);
	ct_wait(&ct);
	EXPECT(tables_kib > 0, "no Rss in smaps_rollup");
	off = ((double)st.rss / 1024 - tables_kib) / tables_kib;
	ktap_diag("rss %llu KiB, page tables %lld KiB: %+.2f %%",
		  (unsigned long long)st.rss / 1024, tables_kib, off * 100);
	EXPECT(off < 0.01 && off > -0.01, "rss is off by more than 1 %%");
	return KTAP_PASS;
}

/* ---- 4: names ---- */

static enum ktap_result test_names_ascii(void)
{
	static const char *const bad[] = {
		"caf\xe9", "\xc0x", "x\xff", "-rf", ".hidden", "-", ".",
	};
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ret = ctl_create(dev, bad[i], 0, -1, 0);
		ctl_destroy_all(dev);
		EXPECT(ret == -EINVAL, "CREATE \"%s\": %s, want EINVAL", bad[i],
		       ret > 0 ? "created" : strerror(-ret));
	}
	EXPECT(ctl_create(dev, "_ok-1.2", 0, -1, 0) > 0, "CREATE _ok-1.2");
	ctl_destroy_all(dev);
	return KTAP_PASS;
}

/* ---- 5: sample_ms raised, then lowered ---- */

#define SAMPLE_MS "/sys/module/ctlab/parameters/sample_ms"

struct alloc_on_cue {
	int cue, done;
};

/* The container's init: allocates 16 MiB when told to. */
static int alloc_on_cue(void *arg)
{
	struct alloc_on_cue *a = arg;
	char c;

	if (read(a->cue, &c, 1) < 0)
		return 1;
	touch_new(16 * MiB);
	close(a->done);
	for (;;)
		pause();
	return 0;
}

static enum ktap_result test_sample_ms_lowered(void)
{
	int id = ctl_create(dev, "resampled", 0, -1, 0), cue[2], done[2];
	struct alloc_on_cue a;
	struct ctlab_stats st;
	int seen;
	char c;
	struct ct ct;

	EXPECT(id > 0 && !pipe(cue) && !pipe(done), "CREATE resampled");
	a = (struct alloc_on_cue){ cue[0], done[1] };
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, -1, alloc_on_cue, &a) &&
	       !ct.enter_ret, "start: %d", ct.enter_ret);
	close(done[1]);
	ct_go(&ct);
	/* The sampler's next round is 5 s away; then the period is 10 ms. */
	EXPECT(!write_file(SAMPLE_MS, "5000"), "write sample_ms");
	usleep(100 * 1000);
	write_file(SAMPLE_MS, "10");
	if (write(cue[1], "", 1) != 1 || read(done[0], &c, 1) != 0)
		ktap_diag("the container did not allocate");
	seen = ctl_wait_until(!ctl_stats(dev, id, &st) && st.rss >= 16 * MiB,
			      1000);
	ctl_destroy_all(dev);
	ct_wait(&ct);
	close(cue[0]);
	close(cue[1]);
	close(done[0]);
	EXPECT(seen, "1 s after sample_ms went back to 10: rss %llu KiB",
	       (unsigned long long)st.rss / 1024);
	return KTAP_PASS;
}

/* ---- 6: what cgroup CREATE accepts ---- */

static int create_in(const char *name, int cg, uint64_t limit)
{
	return ctl_create(dev, name, limit, cg, CTLAB_ON_LIMIT_OOM);
}

static enum ktap_result test_cgroup_with_outsider(void)
{
	int cg = cg_make("outsider"), ret;
	char pid[16];
	pid_t outsider;

	EXPECT(cg >= 0, "cgroup: %s", strerror(errno));
	outsider = fork();
	if (outsider == 0) {
		pause();
		_exit(0);
	}
	snprintf(pid, sizeof(pid), "%d", (int)outsider);
	EXPECT(!write_file(CG_TESTS "/outsider/cgroup.procs", pid),
	       "move a process into the cgroup");
	ret = create_in("outsider", cg, 64 * MiB);
	ctl_destroy_all(dev);
	kill(outsider, SIGKILL);
	waitpid(outsider, NULL, 0);
	close(cg);
	cg_remove("outsider");
	EXPECT(ret == -ENOTEMPTY, "CREATE on a cgroup with a process: %s",
	       ret > 0 ? "created" : strerror(-ret));
	return KTAP_PASS;
}

static enum ktap_result test_cgroup_taken(void)
{
	int cg = cg_make("taken"), first, second;

	EXPECT(cg >= 0, "cgroup: %s", strerror(errno));
	first = create_in("first", cg, 0);
	second = create_in("second", cg, 32 * MiB);
	ctl_destroy_all(dev);
	close(cg);
	cg_remove("taken");
	EXPECT(first > 0, "CREATE first: %s", strerror(-first));
	EXPECT(second == -EBUSY, "CREATE on another container's cgroup: %s",
	       second > 0 ? "created" : strerror(-second));
	return KTAP_PASS;
}

static enum ktap_result test_cgroup_root(void)
{
	int cg = open(CG_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret;

	EXPECT(cg >= 0, "open %s: %s", CG_ROOT, strerror(errno));
	ret = create_in("rooted", cg, 64 * MiB);
	ctl_destroy_all(dev);
	close(cg);
	EXPECT(ret == -EINVAL, "CREATE on the root cgroup: %s",
	       ret > 0 ? "created" : strerror(-ret));
	return KTAP_PASS;
}

static enum ktap_result test_cgroup_reused(void)
{
	int cg = cg_make("reused"), id;
	char max[32];

	EXPECT(cg >= 0, "cgroup: %s", strerror(errno));
	EXPECT(!write_file(CG_TESTS "/reused/memory.max", "33554432"),
	       "write memory.max");
	id = create_in("reused", cg, 0);
	read_file(CG_TESTS "/reused/memory.max", max, sizeof(max));
	ctl_destroy_all(dev);
	close(cg);
	cg_remove("reused");
	EXPECT(id > 0, "CREATE: %s", strerror(-id));
	EXPECT(!strcmp(max, "max\n"),
	       "no limit asked, STATS says none, memory.max says %s", max);
	return KTAP_PASS;
}

/* ---- 7: a limit write that fails leaves nothing half done ---- */

/* Drops @cap from the effective set; 0 or -errno. */
static int drop_effective(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[cap / 32].effective &= ~(1U << (cap % 32));
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

static enum ktap_result test_limit_write_fails(void)
{
	int cg = cg_make("halfdone"), id, status;
	char high[32];
	pid_t pid;

	EXPECT(cg >= 0, "cgroup: %s", strerror(errno));
	id = create_in("halfdone", cg, 0);
	EXPECT(id > 0, "CREATE: %s", strerror(-id));
	/* memory.high may be written, memory.max may not. */
	EXPECT(!chmod(CG_TESTS "/halfdone/memory.max", 0444), "chmod");
	pid = fork();
	if (pid == 0) {
		struct ctlab_limit l = { .id = id, .limit = 64 * MiB,
					 .barrier = 32 * MiB };

		if (drop_effective(CAP_DAC_OVERRIDE))
			_exit(2);
		_exit(ctl_ioctl(dev, CTLAB_IOC_SET_LIMIT, &l) == -EACCES ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	read_file(CG_TESTS "/halfdone/memory.high", high, sizeof(high));
	ctl_destroy_all(dev);
	close(cg);
	cg_remove("halfdone");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "SET_LIMIT with memory.max unwritable: status %#x, want EACCES",
	       status);
	EXPECT(!strcmp(high, "max\n"),
	       "the refused SET_LIMIT left memory.high at %s", high);
	return KTAP_PASS;
}

/* ---- 8: whose credentials count ---- */

static enum ktap_result test_opener_credentials(void)
{
	pid_t pid;
	int status;

	EXPECT(!chmod("/dev/ctlab", 0666), "chmod /dev/ctlab");
	pid = fork();
	if (pid == 0) {
		int fd, ret;

		/* Opened as nobody, used as root again. */
		if (setresuid(-1, 65534, -1))
			_exit(2);
		fd = ctl_open();
		if (setresuid(-1, 0, -1) || fd < 0)
			_exit(3);
		ret = ctl_create(fd, "laundered", 0, -1, 0);
		_exit(ret == -EPERM ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	chmod("/dev/ctlab", 0600);
	ctl_destroy_all(dev);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "root with a file nobody opened: status %#x (1: CREATE allowed)",
	       status);
	return KTAP_PASS;
}

/* ---- 9: children of a parent that ignores SIGCHLD ---- */

#define CHILDREN 100
#define CHILD_PAGES 256

/* The container's init: children that fault and are reaped unseen. */
static int unwaited_children(void *arg)
{
	int forked = *(int *)arg, i;

	signal(SIGCHLD, SIG_IGN);
	for (i = 0; i < CHILDREN; i++)
		if (fork() == 0) {
			touch_new(CHILD_PAGES * PAGE);
			_exit(0);
		}
	if (write(forked, "f", 1) != 1)
		return 1;
	for (;;)
		pause();
	return 0;
}

static enum ktap_result test_unwaited_children(void)
{
	int id = ctl_create(dev, "unwaited", 0, -1, 0), gone, forked[2];
	struct ctlab_stats st;
	struct ct ct;
	char c;

	EXPECT(id > 0 && !pipe(forked), "CREATE unwaited");
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, -1, unwaited_children,
			 &forked[1]) && !ct.enter_ret, "start: %d", ct.enter_ret);
	ct_go(&ct);
	if (read(forked[0], &c, 1) != 1)
		ktap_diag("init did not fork its children");
	close(forked[0]);
	close(forked[1]);
	/* All reaped by the kernel: only init is left; then one sample. */
	gone = ctl_wait_until(!ctl_stats(dev, id, &st) && st.nr_procs == 1,
			      20000);
	usleep(100 * 1000);
	ctl_stats(dev, id, &st);
	ctl_destroy_all(dev);
	ct_wait(&ct);
	EXPECT(gone, "the children did not go: %u processes", st.nr_procs);
	EXPECT(st.min_flt >= CHILDREN * CHILD_PAGES,
	       "min_flt %llu: %d children faulted %d pages each",
	       (unsigned long long)st.min_flt, CHILDREN, CHILD_PAGES);
	return KTAP_PASS;
}

/* ---- 10: STATS' reserved word, poll on a fresh file ---- */

static enum ktap_result test_stats_reserved0(void)
{
	int id = ctl_create(dev, "reserved", 0, -1, 0), ret;
	struct ctlab_stats st;

	EXPECT(id > 0, "CREATE reserved");
	memset(&st, 0, sizeof(st));
	st.id = id;
	st.reserved0 = 1;
	ret = ctl_ioctl(dev, CTLAB_IOC_STATS, &st);
	ctl_destroy_all(dev);
	EXPECT(ret == -EINVAL, "STATS with reserved0 set: %s",
	       ret ? strerror(-ret) : "success");
	return KTAP_PASS;
}

static enum ktap_result test_poll_fresh_file(void)
{
	struct pollfd p = { .events = POLLIN };
	int n;

	/* Events before the file is opened. */
	EXPECT(ctl_create(dev, "before", 0, -1, 0) > 0, "CREATE before");
	ctl_destroy_all(dev);
	p.fd = ctl_open();
	EXPECT(p.fd >= 0, "open");
	n = poll(&p, 1, 0);
	close(p.fd);
	EXPECT(n == 0, "a fresh file polls readable for older events");
	return KTAP_PASS;
}

static const struct ktap_test tests[] = {
	{ "destroy_kills_zombie_leader", test_destroy_zombie_leader },
	{ "zombie_leader_threads_in_rss", test_zombie_leader_rss },
	{ "rss_exact_with_64_threads", test_rss_many_threads },
	{ "names_ascii_only", test_names_ascii },
	{ "sample_ms_lowered_takes_effect", test_sample_ms_lowered },
	{ "cgroup_with_outsider_refused", test_cgroup_with_outsider },
	{ "cgroup_of_another_container_refused", test_cgroup_taken },
	{ "root_cgroup_refused", test_cgroup_root },
	{ "reused_cgroup_gets_its_limits", test_cgroup_reused },
	{ "failed_limit_write_undone", test_limit_write_fails },
	{ "opener_credentials_count", test_opener_credentials },
	{ "unwaited_children_counted", test_unwaited_children },
	{ "stats_reserved0_checked", test_stats_reserved0 },
	{ "poll_fresh_file_quiet", test_poll_fresh_file },
};

/* hostile [TEST...]: every test, or only those named. */
int main(int argc, char **argv)
{
	return ctl_ktap_main(tests, sizeof(tests) / sizeof(tests[0]), argc,
			     argv, &dev);
}
