// SPDX-License-Identifier: GPL-2.0
/*
 * tests/vm/contention.c: KTAP tests of what ctlab.ko does while something
 * else runs beside it (issue 17, findings 6, 7 and 11), run in the lab VM
 * by tests/vm/module-suite with the module loaded.
 *
 * - 6: CREATE while another thread swaps the cgroup fd with dup2(): the
 *   cgroup the container is charged to and the one its limit is written
 *   to must be the same, or CREATE must fail with EBADF.
 * - 7: SET_LIMIT that makes the kernel reclaim 100 MiB of page cache must
 *   not stall STATS and read() of another container.
 * - 11: a sampler walking a container of thousands of processes must not
 *   stall STATS of another container.
 *
 * No test holds a time against a fixed bound: each counts the calls
 * that completed while the slow thing ran (the sampler's walks are seen
 * through kprobes), or compares the slowest call with the slow thing
 * itself, in the same run.  Each failed on the module before its fix
 * (a22b5f7), on 6.1 and 6.12.
 */
#include <glob.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <sys/mount.h>

#include "ctl.h"
#include "ktap.h"

#define EXPECT KTAP_EXPECT

static int dev = -1;

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/* memory.current of CG_TESTS/@name, bytes; 0 if unreadable. */
static uint64_t cg_current(const char *name)
{
	char path[256], buf[32];

	snprintf(path, sizeof(path), CG_TESTS "/%s/memory.current", name);
	read_file(path, buf, sizeof(buf));
	return strtoull(buf, NULL, 10);
}

/* Moves a child into CG_TESTS/@name, runs @fn there, waits for it. */
static int in_cgroup(const char *name, int (*fn)(const void *), const void *arg)
{
	char path[256], pid[16];
	int status;
	pid_t child = fork();

	if (child == 0) {
		snprintf(path, sizeof(path), CG_TESTS "/%s/cgroup.procs", name);
		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		_exit(write_file(path, pid) ? 2 : fn(arg));
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Leaves 8 MiB of tmpfs charged to the cgroup it runs in. */
static int charge_tmpfs(const void *path)
{
	static char page[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), i;

	memset(page, 1, sizeof(page));
	for (i = 0; fd >= 0 && i < (int)(8 * MiB / sizeof(page)); i++)
		if (write(fd, page, sizeof(page)) != sizeof(page))
			return 1;
	return fd < 0 || close(fd);
}

/* Reads a file to the end: its page cache is charged to the reader. */
static int read_through(const void *path)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		;
	return fd < 0 || close(fd);
}

/* ---- 6: the cgroup fd swapped by dup2() during CREATE ---- */

struct swapper {
	int fd, a, b;
	volatile int stop;
};

static void *swap_fd(void *arg)
{
	struct swapper *s = arg;

	while (!s->stop) {
		dup2(s->a, s->fd);
		dup2(s->b, s->fd);
	}
	return NULL;
}

/*
 * The swap hits CREATE's window only when both threads run at once, on
 * two CPUs: try until it has, a number of times, or for 30 s.
 */
#define DUP2_ROUNDS 20000
#define DUP2_HITS 20
#define DUP2_LIMIT (256 * MiB)
#define SHM_FILE "/dev/shm/ctlab-contention"

static enum ktap_result test_create_fd_swapped(void)
{
	struct swapper s = { .fd = -1 };
	int created = 0, refused = 0, split = 0, unasked = 0, i, id = 0;
	uint64_t deadline = now_ns() + 30000000000ULL;
	char max_a[32], max_b[32];
	struct ctlab_stats st;
	pthread_t t;

	s.a = cg_make("swap-a");
	s.b = cg_make("swap-b");
	EXPECT(s.a >= 0 && s.b >= 0, "cgroups: %s", strerror(errno));
	/* Charge swap-a alone, so that STATS tells which cgroup it is. */
	EXPECT(!in_cgroup("swap-a", charge_tmpfs, SHM_FILE), "charge swap-a");
	s.fd = dup(s.a);
	EXPECT(s.fd >= 0 && !pthread_create(&t, NULL, swap_fd, &s), "thread");
	for (i = 0; i < DUP2_ROUNDS && refused + split < DUP2_HITS &&
		    now_ns() < deadline; i++) {
		write_file(CG_TESTS "/swap-a/memory.max", "max");
		write_file(CG_TESTS "/swap-b/memory.max", "max");
		id = ctl_create(dev, "swapped", DUP2_LIMIT, s.fd, 0);
		if (id == -EBADF) {
			refused++;
			continue;
		}
		if (id < 0)
			break;
		created++;
		unasked += ctl_stats(dev, id, &st) != 0;
		read_file(CG_TESTS "/swap-a/memory.max", max_a, sizeof(max_a));
		read_file(CG_TESTS "/swap-b/memory.max", max_b, sizeof(max_b));
		ctl_destroy(dev, id);
		/* Charged to swap-a (8 MiB) iff its limit was written there. */
		if ((st.charge >= 4 * MiB) !=
		    (strtoull(max_a, NULL, 10) == DUP2_LIMIT) ||
		    !strcmp(max_a, max_b))
			split++;
	}
	s.stop = 1;
	pthread_join(t, NULL);
	ctl_destroy_all(dev);
	unlink(SHM_FILE);
	close(s.fd);
	close(s.a);
	close(s.b);
	cg_remove("swap-a");
	cg_remove("swap-b");
	ktap_diag("%d CREATEs: %d consistent, %d split, %d refused with EBADF",
		  i, created - split, split, refused);
	EXPECT(id >= 0 || id == -EBADF, "CREATE failed: %s", strerror(-id));
	EXPECT(!unasked, "STATS failed %d times", unasked);
	EXPECT(!split, "%d containers charged one cgroup and limited another",
	       split);
	EXPECT(created, "no CREATE succeeded");
	if (!refused && !split)
		return ktap_skip("the swap never hit a CREATE (one CPU free?)");
	return KTAP_PASS;
}

/* ---- 7, 11: STATS and read() beside a slow command or sample ---- */

/*
 * A thread that asks the module about another container until told to
 * stop.  Each round is GET_VERSION, which takes no lock of the module's,
 * then STATS, then (if @table) a read() of the table.  It notes when each
 * round began and ended, and sums the time of each kind of call: a
 * preemption may land in either, but only STATS waits for a lock.
 */

struct prober {
	int id, fd;
	bool table;
	useconds_t pause;		/* between rounds */
	volatile int stop;
	uint64_t *begin, *end;		/* of each round */
	int n, room;
	uint64_t version_ns, stats_ns;	/* summed */
};

static void *probe(void *arg)
{
	struct prober *p = arg;
	static char buf[1 << 16];
	struct ctlab_version v;
	struct ctlab_stats st;
	uint64_t t0, t1, t2;

	while (!p->stop && p->n < p->room) {
		t0 = now_ns();
		ctl_ioctl(p->fd, CTLAB_IOC_GET_VERSION, &v);
		t1 = now_ns();
		ctl_stats(p->fd, p->id, &st);
		t2 = now_ns();
		if (p->table && pread(p->fd, buf, sizeof(buf), 0) < 0)
			break;
		p->version_ns += t1 - t0;
		p->stats_ns += t2 - t1;
		p->begin[p->n] = t0;
		p->end[p->n++] = now_ns();
		if (p->pause)
			usleep(p->pause);
	}
	return NULL;
}

static int probe_start(struct prober *p, pthread_t *t, int id, bool table,
		       useconds_t pause)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->table = table;
	p->pause = pause;
	p->room = 1 << 21;
	p->fd = ctl_open();
	p->begin = calloc(p->room, sizeof(uint64_t));
	p->end = calloc(p->room, sizeof(uint64_t));
	if (p->fd < 0 || !p->begin || !p->end)
		return -1;
	return pthread_create(t, NULL, probe, p) ? -1 : 0;
}

static void probe_stop(struct prober *p, pthread_t t)
{
	p->stop = 1;
	pthread_join(t, NULL);
	close(p->fd);
}

static void probe_free(struct prober *p)
{
	free(p->begin);
	free(p->end);
}

/*
 * Of the rounds that began between @from and @to: how many ended before
 * @to, and how long the longest took.
 */
static int probe_rounds(const struct prober *p, uint64_t from, uint64_t to,
			uint64_t *longest)
{
	int i, n = 0;

	*longest = 0;
	for (i = 0; i < p->n; i++) {
		if (p->begin[i] < from || p->begin[i] > to)
			continue;
		n += p->end[i] < to;
		if (p->end[i] - p->begin[i] > *longest)
			*longest = p->end[i] - p->begin[i];
	}
	return n;
}

/* ---- 7: a limit write that reclaims ---- */

struct limiter {
	int id;
	int ret;
	uint64_t begin, end;
};

static void *lower_limit(void *arg)
{
	struct limiter *l = arg;
	struct ctlab_limit req = { .id = l->id, .limit = 8 * MiB };

	l->begin = now_ns();
	l->ret = ctl_ioctl(dev, CTLAB_IOC_SET_LIMIT, &req);
	l->end = now_ns();
	return NULL;
}

/* Reads the kernel images beside the kit's build: 100 MiB or more. */
static int read_kernels(const void *unused)
{
	char exe[512], pattern[600];
	glob_t g;
	size_t i;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	(void)unused;
	if (n <= 0)
		return 1;
	exe[n] = 0;
	/* build/tests/vm/contention -> build/kernels/ */
	if (!strstr(exe, "/tests/vm/"))
		return 1;
	*strstr(exe, "/tests/vm/") = 0;
	snprintf(pattern, sizeof(pattern), "%s/kernels/*/boot/vmlinux-*", exe);
	if (glob(pattern, 0, NULL, &g))
		return 1;
	for (i = 0; i < g.gl_pathc; i++)
		read_through(g.gl_pathv[i]);
	globfree(&g);
	return 0;
}

static enum ktap_result test_reclaim_beside_stats(void)
{
	int cg = cg_make("reclaim"), other, during;
	uint64_t held, after, longest, took;
	struct limiter l = {};
	struct prober p;
	pthread_t pt, lt;

	EXPECT(cg >= 0, "cgroup: %s", strerror(errno));
	l.id = ctl_create(dev, "reclaimed", 0, cg, 0);
	other = ctl_create(dev, "other", 0, -1, 0);
	EXPECT(l.id > 0 && other > 0, "CREATE: %d, %d", l.id, other);
	/* Clean page cache, charged to the container's cgroup. */
	write_file("/proc/sys/vm/drop_caches", "1");
	EXPECT(!in_cgroup("reclaim", read_kernels, NULL), "read the kernels");
	held = cg_current("reclaim");
	/* With pauses, so that SET_LIMIT need not fight it for the lock. */
	EXPECT(probe_start(&p, &pt, other, true, 200) == 0, "prober");
	usleep(20 * 1000);
	pthread_create(&lt, NULL, lower_limit, &l);
	pthread_join(lt, NULL);
	usleep(20 * 1000);
	probe_stop(&p, pt);
	after = cg_current("reclaim");
	took = l.end - l.begin;
	during = probe_rounds(&p, l.begin, l.end, &longest);
	probe_free(&p);
	ctl_destroy_all(dev);
	close(cg);
	cg_remove("reclaim");
	ktap_diag("SET_LIMIT reclaimed %llu of %llu MiB in %llu ms; meanwhile %d rounds of STATS + read() of another container, the longest %llu ms",
		  (unsigned long long)(held - after) / MiB,
		  (unsigned long long)held / MiB,
		  (unsigned long long)took / 1000000, during,
		  (unsigned long long)longest / 1000000);
	EXPECT(l.ret == 0, "SET_LIMIT: %s", strerror(-l.ret));
	EXPECT(held >= 32 * MiB && after <= 8 * MiB,
	       "the write reclaimed too little to tell");
	/* A round that waited for the write took most of it. */
	EXPECT(during >= 2 && longest < took / 4,
	       "STATS and read() waited for the limit write");
	return KTAP_PASS;
}

/* ---- 11: the sampler walks a container of thousands of tasks ---- */

#define MANY_PROCS 2500

/* The container's init: MANY_PROCS processes, each a task to walk. */
static int many_procs(void *arg)
{
	int ready = *(int *)arg, i;

	for (i = 1; i < MANY_PROCS; i++)
		if (fork() == 0) {
			pause();
			_exit(0);
		}
	if (write(ready, "r", 1) != 1)
		return 1;
	for (;;)
		pause();
	return 0;
}

/*
 * When the sampler walked: kprobes on ctlab_usage_collect(), its entry
 * and its return, with the trace clock set to CLOCK_MONOTONIC, the
 * prober's clock.
 */
#define TRACING "/sys/kernel/tracing"
#define WALK_PROBES "p:ctlab_test/walk ctlab:ctlab_usage_collect\n" \
		    "r:ctlab_test/walked ctlab:ctlab_usage_collect\n"
#define MAX_WALKS 4096
#define SAMPLE_MS "/sys/module/ctlab/parameters/sample_ms"

struct walks {
	uint64_t begin[MAX_WALKS], end[MAX_WALKS];
	int n;
};

/* Opening a tracefs file with O_TRUNC empties it. */
static int trace_empty(const char *path)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);

	return fd < 0 ? -errno : close(fd);
}

static int walks_trace(bool on)
{
	write_file(TRACING "/events/ctlab_test/enable", "0");
	trace_empty(TRACING "/kprobe_events");
	if (!on)
		return 0;
	mount("tracefs", TRACING, "tracefs", 0, NULL);
	if (write_file(TRACING "/trace_clock", "mono") ||
	    write_file(TRACING "/kprobe_events", WALK_PROBES) ||
	    trace_empty(TRACING "/trace"))
		return -1;
	return write_file(TRACING "/events/ctlab_test/enable", "1");
}

/* The walks in the trace: each entry, then the return on that CPU. */
static void walks_read(struct walks *w)
{
	FILE *f = fopen(TRACING "/trace", "r");
	uint64_t open_at[1024] = { 0 };
	char line[512], *ev;
	double at;
	int cpu;

	w->n = 0;
	while (f && fgets(line, sizeof(line), f) && w->n < MAX_WALKS) {
		ev = strstr(line, ": walk");
		if (line[0] == '#' || !ev || !strchr(line, '[') ||
		    sscanf(strchr(line, '[') + 1, "%d", &cpu) != 1 ||
		    cpu < 0 || cpu >= 1024)
			continue;
		/* "...] d.... 123.456789: walk: (...)" */
		*ev = 0;
		at = strtod(strrchr(line, ' ') + 1, NULL);
		if (!strncmp(ev + 2, "walked:", 7) && open_at[cpu]) {
			w->begin[w->n] = open_at[cpu];
			w->end[w->n++] = at * 1e9;
			open_at[cpu] = 0;
		} else if (!strncmp(ev + 2, "walk:", 5)) {
			open_at[cpu] = at * 1e9;
		}
	}
	if (f)
		fclose(f);
}

static enum ktap_result test_walk_beside_stats(void)
{
	int id = ctl_create(dev, "crowd", 0, -1, 0), other, ready[2];
	int i, long_walks = 0, during = 0;
	uint64_t ignored, walked = 0, round_ns;
	static struct walks w;
	struct ctlab_stats st;
	struct prober p;
	pthread_t pt;
	struct ct ct;
	char c;

	other = ctl_create(dev, "quiet", 0, -1, 0);
	EXPECT(id > 0 && other > 0 && !pipe(ready), "CREATE");
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, -1, many_procs,
			 &ready[1]) && !ct.enter_ret, "start: %d", ct.enter_ret);
	ct_go(&ct);
	EXPECT(read(ready[0], &c, 1) == 1, "the container's processes");
	ctl_wait_until(!ctl_stats(dev, id, &st) &&
		       st.nr_procs >= MANY_PROCS, 20000);
	/* STATS of the quiet container while the crowd is walked. */
	if (walks_trace(true)) {
		/* A kernel without kprobes skips; one with them must take these. */
		bool none = access(TRACING "/kprobe_events", F_OK) != 0;

		walks_trace(false);
		ctl_destroy_all(dev);
		ct_wait(&ct);
		if (none)
			return ktap_skip("no kprobe events in " TRACING);
		ktap_diag("kprobes on ctlab_usage_collect() refused: renamed or inlined?");
		return KTAP_FAIL;
	}
	EXPECT(probe_start(&p, &pt, other, false, 0) == 0, "prober");
	/*
	 * A walk of thousands of tasks makes the sampler wait 100 times as
	 * long before the next; a new sample_ms starts one at once.
	 */
	for (i = 0; i < 15; i++) {
		write_file(SAMPLE_MS, "10");
		usleep(200 * 1000);
	}
	probe_stop(&p, pt);
	write_file(TRACING "/events/ctlab_test/enable", "0");
	walks_read(&w);
	walks_trace(false);
	ctl_destroy_all(dev);
	ct_wait(&ct);
	close(ready[0]);
	close(ready[1]);
	/* The walks long enough for 10 rounds of the prober. */
	round_ns = p.n ? 10 * (p.version_ns + p.stats_ns) / p.n : 0;
	for (i = 0; i < w.n; i++) {
		if (w.end[i] - w.begin[i] < round_ns)
			continue;
		long_walks++;
		walked += w.end[i] - w.begin[i];
		during += probe_rounds(&p, w.begin[i], w.end[i], &ignored);
	}
	ktap_diag("%u processes; %d walks of %llu us or more, %llu ms in all; %d STATS of another container done during them, of %d",
		  st.nr_procs, long_walks, (unsigned long long)round_ns / 1000,
		  (unsigned long long)walked / 1000000, during, p.n);
	probe_free(&p);
	EXPECT(p.n < p.room, "the prober's buffer filled: later walks uncounted");
	EXPECT(st.nr_procs >= MANY_PROCS, "only %u processes", st.nr_procs);
	EXPECT(long_walks > 0, "no walk of the crowd was seen");
	/* Holding the lock, a walk lets none through; without, many. */
	EXPECT(during >= long_walks, "STATS waited for the sampler's walks");
	return KTAP_PASS;
}

static const struct ktap_test tests[] = {
	{ "create_with_fd_swapped_by_dup2", test_create_fd_swapped },
	{ "stats_go_on_while_limit_reclaims", test_reclaim_beside_stats },
	{ "stats_go_on_while_sampler_walks", test_walk_beside_stats },
};

/* contention [TEST...]: every test, or only those named. */
int main(int argc, char **argv)
{
	return ctl_ktap_main(tests, sizeof(tests) / sizeof(tests[0]), argc,
			     argv, &dev);
}
