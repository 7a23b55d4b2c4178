// SPDX-License-Identifier: GPL-2.0
/*
 * tests/bench/module-speed.c: how fast ctlab.ko answers, against the
 * alternatives, measured side by side in one run inside the lab VM (run
 * by tests/bench/module).  Under TCG absolute times mean little; the
 * ratios are the result.
 *
 *   module-speed ioctl        STATS round trip / GET_VERSION round trip
 *                             (goal: <= 3)
 *   module-speed scan N T     N containers of T tasks each: LIST + STATS
 *                             of all of them / reading /proc/PID/status
 *                             of all their processes (goal: <= 1/10)
 *   module-speed fork N       prints the median ns of fork + exit + wait
 *   module-speed hold N T     starts N containers of T tasks, says
 *                             "ready", and sleeps until killed
 *   module-speed sampler N T  N containers of T tasks: the sampler's
 *                             time at sample_ms=10 as a share of one
 *                             CPU, the median of 5 windows of 6 s and
 *                             their range (goal: <= 2 %)
 *   module-speed clean        destroys every container
 */
#include <stdint.h>
#include <time.h>

#include "../vm/ctl.h"

#define BATCHES 7

static int dev = -1;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

/* The init of a bench container: T-1 children that wait, then waits. */
static int hold_tasks(void *arg)
{
	int i, tasks = *(int *)arg;

	close(dev);
	for (i = 1; i < tasks; i++)
		if (fork() == 0) {
			pause();
			_exit(0);
		}
	for (;;)
		pause();
	return 0;
}

/* Starts @n containers of @tasks tasks; stores their inits' PIDs. */
static int start_containers(int n, int tasks, pid_t *inits, int *ids)
{
	char name[32];
	struct ct ct;
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "bench-%d", i);
		ids[i] = ctl_create(dev, name, 0, -1, 0);
		if (ids[i] < 0 || ct_start(&ct, dev, ids[i], CT_NAMESPACES, -1,
					   hold_tasks, &tasks) || ct.enter_ret) {
			fprintf(stderr, "container %d: cannot start\n", i);
			return -1;
		}
		ct_go(&ct);
		inits[i] = ct.pid;
	}
	/* Wait until every container has all its tasks. */
	for (i = 0; i < n; i++) {
		struct ctlab_stats st;

		while (!ctl_stats(dev, ids[i], &st) &&
		       st.nr_procs < (__u32)tasks)
			usleep(1000);
	}
	return 0;
}

static uint64_t time_ioctl(unsigned long cmd, void *arg, int rounds)
{
	uint64_t t0 = now_ns();
	int i;

	for (i = 0; i < rounds; i++)
		if (ioctl(dev, cmd, arg))
			exit(1);
	return (now_ns() - t0) / rounds;
}

static int bench_ioctl(void)
{
	uint64_t version[BATCHES], stats[BATCHES], empty[BATCHES];
	struct ctlab_version ver;
	struct ctlab_stats st, st_empty;
	int ids[1], tasks = 8, b, idle;
	pid_t inits[1];

	idle = ctl_create(dev, "bench-created", 0, -1, 0);
	if (idle < 0 || start_containers(1, tasks, inits, ids))
		return 1;
	for (b = 0; b < BATCHES; b++) {
		version[b] = time_ioctl(CTLAB_IOC_GET_VERSION, &ver, 2000);
		memset(&st, 0, sizeof(st));
		st.id = ids[0];
		stats[b] = time_ioctl(CTLAB_IOC_STATS, &st, 2000);
		memset(&st_empty, 0, sizeof(st_empty));
		st_empty.id = idle;
		empty[b] = time_ioctl(CTLAB_IOC_STATS, &st_empty, 2000);
	}
	printf("round trip: GET_VERSION %llu ns, STATS %llu ns (of a container without tasks: %llu ns), ratio %.2f (goal <= 3)\n",
	       (unsigned long long)median(version, BATCHES),
	       (unsigned long long)median(stats, BATCHES),
	       (unsigned long long)median(empty, BATCHES),
	       (double)median(stats, BATCHES) / median(version, BATCHES));
	ctl_destroy(dev, ids[0]);
	ctl_destroy(dev, idle);
	return 0;
}

/* Reads /proc/PID/status of every process of the containers. */
static void read_proc(const pid_t *pids, int n)
{
	char path[64], buf[4096];
	int i, fd;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/proc/%d/status", pids[i]);
		fd = open(path, O_RDONLY);
		if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
			exit(1);
		close(fd);
	}
}

/* LIST, then STATS of each container. */
static void ask_module(int n)
{
	static __u32 ids[CTLAB_MAX_CONTAINERS];
	struct ctlab_list l = { .ids = (uintptr_t)ids, .count = n };
	struct ctlab_stats st;
	int i;

	if (ctl_ioctl(dev, CTLAB_IOC_LIST, &l) || l.count != (__u32)n)
		exit(1);
	for (i = 0; i < n; i++)
		if (ctl_stats(dev, ids[i], &st))
			exit(1);
}

/* The PIDs of every process of the containers, found through /proc. */
static int all_pids(const pid_t *inits, int n, pid_t *pids)
{
	char path[64];
	int i, count = 0;
	FILE *f;

	for (i = 0; i < n; i++) {
		pids[count++] = inits[i];
		snprintf(path, sizeof(path), "/proc/%d/task/%d/children",
			 inits[i], inits[i]);
		f = fopen(path, "r");
		while (f && fscanf(f, "%d", &pids[count]) == 1)
			count++;
		if (f)
			fclose(f);
	}
	return count;
}

static int bench_scan(int n, int tasks)
{
	uint64_t module[BATCHES], proc[BATCHES], t0;
	pid_t *inits = calloc(n, sizeof(pid_t));
	pid_t *pids = calloc(n * tasks, sizeof(pid_t));
	int *ids = calloc(n, sizeof(int));
	int b, count;

	if (!inits || !pids || !ids || start_containers(n, tasks, inits, ids))
		return 1;
	count = all_pids(inits, n, pids);
	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		ask_module(n);
		module[b] = now_ns() - t0;
		t0 = now_ns();
		read_proc(pids, count);
		proc[b] = now_ns() - t0;
	}
	printf("%d containers, %d processes: LIST+STATS %.2f ms, /proc/PID/status %.2f ms, ratio %.3f (goal <= 0.1)\n",
	       n, count, median(module, BATCHES) / 1e6,
	       median(proc, BATCHES) / 1e6,
	       (double)median(module, BATCHES) / median(proc, BATCHES));
	for (b = 0; b < n; b++)
		ctl_destroy(dev, ids[b]);
	return 0;
}

static int bench_fork(int rounds)
{
	uint64_t each[BATCHES], t0;
	int b, i;

	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		for (i = 0; i < rounds; i++) {
			pid_t pid = fork();

			if (pid == 0)
				_exit(0);
			waitpid(pid, NULL, 0);
		}
		each[b] = (now_ns() - t0) / rounds;
	}
	printf("%llu\n", (unsigned long long)median(each, BATCHES));
	return 0;
}

static int hold(int n, int tasks)
{
	pid_t *inits = calloc(n, sizeof(pid_t));
	int *ids = calloc(n, sizeof(int));

	if (!inits || !ids || start_containers(n, tasks, inits, ids))
		return 1;
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

/* The slowest of 2,000 calls of @cmd (STATS of @id, or GET_VERSION). */
static uint64_t slowest(unsigned long cmd, int id)
{
	struct ctlab_stats st;
	uint64_t t0, worst = 0;
	int i;

	for (i = 0; i < 2000; i++) {
		memset(&st, 0, sizeof(st));
		st.id = id;
		t0 = now_ns();
		if (ioctl(dev, cmd, &st))
			exit(1);
		t0 = now_ns() - t0;
		worst = t0 > worst ? t0 : worst;
	}
	return worst;
}

/* The module's sampler_ns parameter: ns spent sampling since load. */
static uint64_t sampler_ns(void)
{
	char buf[32];

	read_file("/sys/module/ctlab/parameters/sampler_ns", buf, sizeof(buf));
	return strtoull(buf, NULL, 10);
}

#define SAMPLER_WINDOWS 5
#define SAMPLER_WINDOW_S 6

static int bench_sampler(int n, int tasks)
{
	pid_t *inits = calloc(n, sizeof(pid_t));
	int *ids = calloc(n, sizeof(int));
	uint64_t busy, wall, share[SAMPLER_WINDOWS], mid;
	int w;

	if (!inits || !ids || start_containers(n, tasks, inits, ids))
		return 1;
	write_file("/sys/module/ctlab/parameters/sample_ms", "10");
	sleep(1);
	/*
	 * In thousandths of a percent of one CPU, per window.  A big
	 * container is walked every few seconds: a window holds a few
	 * rounds, so the windows differ by one round more or less.
	 */
	for (w = 0; w < SAMPLER_WINDOWS; w++) {
		busy = sampler_ns();
		wall = now_ns();
		sleep(SAMPLER_WINDOW_S);
		busy = sampler_ns() - busy;
		share[w] = 100000 * busy / (now_ns() - wall);
	}
	mid = median(share, SAMPLER_WINDOWS);	/* sorts share[] */
	printf("sampler: %d containers of %d tasks at sample_ms=10: %.2f %% of one CPU, median of %d windows of %d s (%.2f to %.2f) (goal <= 2 %%, moonshot 0.5 %%)\n",
	       n, tasks, mid / 1000.0, SAMPLER_WINDOWS, SAMPLER_WINDOW_S,
	       share[0] / 1000.0, share[SAMPLER_WINDOWS - 1] / 1000.0);
	/* A STATS never waits for a sampling round: the slowest of many. */
	write_file("/sys/module/ctlab/parameters/sample_ms", "1");
	printf("sampler: slowest of 2,000 round trips while sampling every 1 ms: STATS %llu us, GET_VERSION %llu us\n",
	       (unsigned long long)slowest(CTLAB_IOC_STATS, ids[0]) / 1000,
	       (unsigned long long)slowest(CTLAB_IOC_GET_VERSION, 0) / 1000);
	write_file("/sys/module/ctlab/parameters/sample_ms", "10");
	ctl_destroy_all(dev);
	return 0;
}

static int clean(void)
{
	static __u32 ids[CTLAB_MAX_CONTAINERS];
	struct ctlab_list l = { .ids = (uintptr_t)ids,
				.count = CTLAB_MAX_CONTAINERS };
	unsigned int i;

	if (ctl_ioctl(dev, CTLAB_IOC_LIST, &l))
		return 1;
	for (i = 0; i < l.count; i++)
		ctl_destroy(dev, ids[i]);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int a = argc > 2 ? atoi(argv[2]) : 0, b = argc > 3 ? atoi(argv[3]) : 0;

	if (!strcmp(mode, "fork") && a > 0)
		return bench_fork(a);
	dev = ctl_open();
	if (dev < 0) {
		perror("/dev/ctlab");
		return 1;
	}
	if (!strcmp(mode, "ioctl"))
		return bench_ioctl();
	if (!strcmp(mode, "scan") && a > 0 && b > 0)
		return bench_scan(a, b);
	if (!strcmp(mode, "hold") && a > 0 && b > 0)
		return hold(a, b);
	if (!strcmp(mode, "sampler") && a > 0 && b > 0)
		return bench_sampler(a, b);
	if (!strcmp(mode, "clean"))
		return clean();
	fprintf(stderr, "usage: module-speed ioctl | scan N T | fork N | hold N T | sampler N T | clean\n");
	return 2;
}
