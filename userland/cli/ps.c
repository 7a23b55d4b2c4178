// SPDX-License-Identifier: GPL-2.0
/*
 * ps.c: "ctlab ps" (or ls) and "ctlab stats": the module's accounting of
 * containers, as a table, as key: value lines, or as JSON for scripts.
 * Every figure comes from one STATS call per container (the module's
 * latest sample), not from walking /proc.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"

static const char *const state_names[] = {
	[CTLAB_STATE_CREATED] = "created",
	[CTLAB_STATE_RUNNING] = "running",
	[CTLAB_STATE_EXITED] = "exited",
};

static const char *state_name(uint32_t state)
{
	return state < ARRAY_SIZE(state_names) ? state_names[state] : "?";
}

/* Opens /dev/ctlab, or says what to do and exits. */
static int open_device(void)
{
	int fd, err = ctlab_open(&fd);

	if (err == -ENOENT)
		die("%s: the module is not loaded (ctlab module load)", CTLAB_DEVICE);
	if (err == -EACCES)
		die("%s: permission denied (root, or the module's group=, may use it)",
		    CTLAB_DEVICE);
	if (err == -EPROTO)
		die("%s: the module speaks another ABI than this ctlab (rebuild both: make)",
		    CTLAB_DEVICE);
	if (err)
		die_errno(err, "%s", CTLAB_DEVICE);
	return fd;
}

/* Seconds since @instant (CLOCK_BOOTTIME ns), or 0 if it has not come. */
static double seconds_since(uint64_t instant)
{
	struct timespec now;

	if (!instant)
		return 0;
	clock_gettime(CLOCK_BOOTTIME, &now);
	return (now.tv_sec * 1e9 + now.tv_nsec - instant) / 1e9;
}

/* How long the container has run: until now, or until its init exited. */
static double uptime_of(const struct ctlab_stats *st)
{
	if (st->state == CTLAB_STATE_EXITED && st->started && st->exited)
		return (st->exited - st->started) / 1e9;
	return seconds_since(st->started);
}

static json_t *stats_json(const struct ctlab_stats *st)
{
	return json_pack("{s:i, s:s, s:s, s:i, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:i}",
			 "id", st->id, "name", st->name,
			 "state", state_name(st->state),
			 "init_pid", st->init_pid, "nr_procs", st->nr_procs,
			 "nr_threads", st->nr_threads,
			 "rss", (json_int_t)st->rss,
			 "rss_anon", (json_int_t)st->rss_anon,
			 "rss_file", (json_int_t)st->rss_file,
			 "rss_shmem", (json_int_t)st->rss_shmem,
			 "rss_peak", (json_int_t)st->rss_peak,
			 "swap", (json_int_t)st->swap,
			 "charge", (json_int_t)st->charge,
			 "charge_peak", (json_int_t)st->charge_peak,
			 "limit", (json_int_t)st->limit,
			 "barrier", (json_int_t)st->barrier,
			 "failcnt", (json_int_t)st->failcnt,
			 "oom_kills", (json_int_t)st->oom_kills,
			 "min_flt", (json_int_t)st->min_flt,
			 "utime_ns", (json_int_t)st->utime,
			 "stime_ns", (json_int_t)st->stime,
			 "uptime_s", uptime_of(st),
			 "exit_status", st->exit_status);
}

static void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_COMPACT);
	printf("\n");
	json_decref(j);
}

static void parse_options(const struct cli_cmd *cmd, int argc, char **argv,
			  int *json)
{
	static const struct option opts[] = { HELP_OPTION, JSON_OPTION, { 0 } };
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			help(cmd);
		else if (c == 'j')
			*json = 1;
		else
			usage(cmd, "unknown option");
	}
}

/* "64M" or "-" for none. */
static const char *size_or_dash(uint64_t bytes, char *buf, size_t len)
{
	if (!bytes)
		return "-";
	ctlab_size_format(bytes, buf, len);
	return buf;
}

static void print_row(const struct ctlab_stats *st)
{
	char rss[16], peak[16], limit[16];

	ctlab_size_format(st->rss, rss, sizeof(rss));
	ctlab_size_format(st->rss_peak, peak, sizeof(peak));
	printf("%4u  %-16s %-8s %7d %5u %8s %8s %8s %7llu %8.0f\n", st->id,
	       st->name, state_name(st->state), st->init_pid, st->nr_procs,
	       rss, peak, size_or_dash(st->limit, limit, sizeof(limit)),
	       (unsigned long long)st->failcnt, uptime_of(st));
}

static int ps(const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *all = json_array();
	struct ctlab_stats st;
	uint32_t *ids = NULL;
	int json = 0, fd, n, i;

	parse_options(cmd, argc, argv, &json);
	if (optind != argc)
		usage(cmd, "no arguments expected");
	fd = open_device();
	n = ctlab_list(fd, &ids);
	if (n < 0)
		die_errno(n, "listing containers");
	if (!json)
		printf("%4s  %-16s %-8s %7s %5s %8s %8s %8s %7s %8s\n", "ID",
		       "NAME", "STATE", "PID", "PROCS", "MEM", "PEAK", "LIMIT",
		       "FAILCNT", "UPTIME");
	for (i = 0; i < n; i++) {
		/* One may be destroyed between LIST and STATS: skip it. */
		if (ctlab_stats(fd, ids[i], NULL, &st))
			continue;
		if (json)
			json_array_append_new(all, stats_json(&st));
		else
			print_row(&st);
	}
	if (json)
		print_json(all);
	else
		json_decref(all);
	free(ids);
	close(fd);
	return EXIT_SUCCESS;
}

static void print_stats(const struct ctlab_stats *st)
{
	char a[16], b[16], c[16];

	printf("%s (id %u): %s", st->name, st->id, state_name(st->state));
	if (st->state == CTLAB_STATE_RUNNING)
		printf(", init PID %d, up %.0f s", st->init_pid,
		       seconds_since(st->started));
	if (st->state == CTLAB_STATE_EXITED)
		printf(", status %#x", st->exit_status);
	printf("\n  tasks       %u processes, %u threads (peak %u processes)\n",
	       st->nr_procs, st->nr_threads, st->nr_procs_peak);
	ctlab_size_format(st->rss, a, sizeof(a));
	ctlab_size_format(st->rss_peak, b, sizeof(b));
	printf("  rss         %s (peak %s): anon %llu, file %llu, shmem %llu bytes\n",
	       a, b, (unsigned long long)st->rss_anon,
	       (unsigned long long)st->rss_file,
	       (unsigned long long)st->rss_shmem);
	ctlab_size_format(st->charge, a, sizeof(a));
	ctlab_size_format(st->charge_peak, b, sizeof(b));
	printf("  cgroup      %s charged (peak %s), limit %s, barrier %s\n", a, b,
	       size_or_dash(st->limit, c, sizeof(c)),
	       size_or_dash(st->barrier, a, sizeof(a)));
	printf("  limit hits  failcnt %llu, OOM kills %llu\n",
	       (unsigned long long)st->failcnt,
	       (unsigned long long)st->oom_kills);
	printf("  faults      %llu minor, %llu major\n",
	       (unsigned long long)st->min_flt, (unsigned long long)st->maj_flt);
	printf("  cpu         %.3f s user, %.3f s system\n", st->utime / 1e9,
	       st->stime / 1e9);
}

/* A percentage in hundredths, as PSI's avg10 comes. */
static double hundredths(uint32_t v)
{
	return v / 100.0;
}

/* ACCOUNT's figures (ABI 1.2), or why there are none. */
static void print_account(int fd, const struct ctlab_stats *st)
{
	struct ctlab_version v;
	struct ctlab_account a;
	char x[16], y[16];
	int err = ctlab_account(fd, st->id, &a);

	if (err == -ENOTTY && !ctlab_version(fd, &v)) {
		printf("  (ctlab.ko speaks ABI %u.%u: kernel memory, files, pressure and\n"
		       "   memory events need 1.2; load the module this ctlab came with)\n",
		       v.abi_major, v.abi_minor);
		return;
	}
	if (err)
		die_errno(err, "%s: accounting", st->name);
	ctlab_size_format(a.privvm, x, sizeof(x));
	ctlab_size_format(a.privvm_peak, y, sizeof(y));
	printf("  privvm      %s (peak %s), %u open files\n", x, y, a.nr_files);
	if (!(a.valid & CTLAB_ACCT_MEMCG)) {
		printf("  (no cgroup: no kernel memory, swap, pressure or events)\n");
		return;
	}
	ctlab_size_format(a.kmem, x, sizeof(x));
	printf("  kmem        %s: slab %llu, stacks %llu, page tables %llu, sockets %llu bytes\n",
	       x, (unsigned long long)a.kmem_slab,
	       (unsigned long long)a.kmem_stack,
	       (unsigned long long)a.kmem_pagetables,
	       (unsigned long long)a.kmem_sock);
	ctlab_size_format(a.swap, x, sizeof(x));
	printf("  swap        %s (peak %s)\n", x, a.valid & CTLAB_ACCT_SWAP_PEAK ?
	       (ctlab_size_format(a.swap_peak, y, sizeof(y)), y) : "-");
	if (a.valid & CTLAB_ACCT_PIDS && a.pids_max)
		printf("  pids        %llu, limit %llu, forks refused %llu\n",
		       (unsigned long long)a.pids_current,
		       (unsigned long long)a.pids_max,
		       (unsigned long long)a.pids_failcnt);
	else if (a.valid & CTLAB_ACCT_PIDS)
		printf("  pids        %llu, no limit\n",
		       (unsigned long long)a.pids_current);
	if (a.valid & CTLAB_ACCT_PSI)
		printf("  pressure    some %.2f %% (%.3f s), full %.2f %% (%.3f s), last 10 s\n",
		       hundredths(a.psi_some_avg10), a.psi_some_total / 1e6,
		       hundredths(a.psi_full_avg10), a.psi_full_total / 1e6);
	else
		printf("  pressure    - (PSI is off: boot with psi=1)\n");
	printf("  events      low %llu, high %llu, max %llu, oom %llu, oom_kill %llu\n",
	       (unsigned long long)a.ev_low, (unsigned long long)a.ev_high,
	       (unsigned long long)a.ev_max, (unsigned long long)a.ev_oom,
	       (unsigned long long)a.ev_oom_kill);
}

static int stats(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION, JSON_OPTION,
		{ "watch", no_argument, NULL, 'w' }, { 0 },
	};
	int json = 0, watch = 0, samples, fd, err, c;
	struct ctlab_stats st;
	const char *name;

	optind = 0;
	while ((c = getopt_long(argc, argv, "hw", opts, NULL)) != -1) {
		if (c == 'h')
			help(cmd);
		else if (c == 'j')
			json = 1;
		else if (c == 'w')
			watch = 1;
		else
			usage(cmd, "unknown option");
	}
	if (argc - optind != 1)
		usage(cmd, "expected one container name");
	name = argv[optind];
	if (ctlab_name_valid(name))
		usage(cmd, "invalid name '%s'", name);
	fd = open_device();
	/* --watch: a sample a second until the container is gone. */
	for (samples = 0;; samples++) {
		err = ctlab_stats(fd, 0, name, &st);
		if (err == -ENOENT && samples)
			break;
		if (err == -ENOENT)
			die("%s: no such container (ctlab ps lists them)", name);
		if (err)
			die_errno(err, "%s", name);
		if (samples && !json)
			printf("\n");
		if (json)
			print_json(stats_json(&st));
		else
			print_stats(&st);
		if (!json)
			print_account(fd, &st);
		fflush(stdout);
		if (!watch)
			break;
		sleep(1);
	}
	close(fd);
	return EXIT_SUCCESS;
}

static const struct cli_cmd ps_cmd = {
	"ps", "[--json]",
	"List the containers: state, init's PID, processes, memory held and\n"
	"its peak, the limit and how often it was hit, uptime.\n",
	ps,
};

static const struct cli_cmd stats_cmd = {
	"stats", "NAME [--json] [--watch]",
	"One container's accounting: tasks, memory (RSS beside the cgroup's\n"
	"charge), limit hits, page faults, CPU time.  --watch: again every\n"
	"second (with --json, one object per line) until it is removed.\n",
	stats,
};

int cli_ps(int argc, char **argv)
{
	return ps_cmd.run(&ps_cmd, argc, argv);
}

int cli_stats(int argc, char **argv)
{
	return stats_cmd.run(&stats_cmd, argc, argv);
}
