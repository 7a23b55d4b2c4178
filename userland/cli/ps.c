// SPDX-License-Identifier: GPL-2.0
/*
 * ps.c: "ctlab ps" (or ls) and "ctlab stats": the module's accounting of
 * containers, as a table, as key: value lines, or as JSON for scripts.
 * Every figure comes from one STATS call per container (the module's
 * latest sample), not from walking /proc.  Sizes and times are written
 * as ctlab top writes them (top/format.c), the JSON as everywhere
 * (lib/describe.c).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"
#include "top.h"

int cli_open_device(void)
{
	int fd, err = ctlab_open(&fd);

	if (err)
		die("%s: %s", CTLAB_DEVICE, ctlab_open_error(err));
	return fd;
}

/* Every container the module shows, in a malloc()ed array; how many. */
static int all_stats(int fd, struct ctlab_stats **out)
{
	struct ctlab_stats *st;
	uint32_t *ids = NULL;
	int n, i, got = 0;

	n = ctlab_list(fd, &ids);
	if (n < 0)
		die_errno(n, "listing containers");
	st = calloc(n ? n : 1, sizeof(*st));
	if (!st)
		die("out of memory");
	/* One may be destroyed between LIST and STATS: skip it. */
	for (i = 0; i < n; i++)
		if (!ctlab_stats(fd, ids[i], NULL, &st[got]))
			got++;
	free(ids);
	*out = st;
	return got;
}

/* "64M" or "-" for none. */
static const char *size_or_dash(uint64_t bytes, char *buf, size_t len)
{
	if (!bytes)
		return "-";
	ctlab_size_format(bytes, buf, len);
	return buf;
}

/* The NAME column is as wide as the longest name: rows never shift. */
static int name_width(const struct ctlab_stats *st, int n)
{
	int i, w = 4;

	for (i = 0; i < n; i++)
		if ((int)strlen(st[i].name) > w)
			w = (int)strlen(st[i].name);
	return w;
}

static void print_row(const struct ctlab_stats *st, int width)
{
	char rss[16], peak[16], limit[16], up[24], pid[16] = "-";

	ctlab_size_format(st->rss, rss, sizeof(rss));
	ctlab_size_format(st->rss_peak, peak, sizeof(peak));
	fmt_uptime(ctlab_ct_uptime_s(st), up, sizeof(up));
	if (st->state == CTLAB_STATE_RUNNING)
		snprintf(pid, sizeof(pid), "%d", st->init_pid);
	printf("%4u  %-*s %-8s %7s %5u %6s %6s %6s %7llu %9s\n", st->id,
	       width, st->name, ctlab_ct_state_name(st->state), pid,
	       st->nr_procs, rss, peak,
	       size_or_dash(st->limit, limit, sizeof(limit)),
	       (unsigned long long)st->failcnt, up);
}

/*
 * --format: a template where {{.Field}} is a field of the container's
 * JSON ({{.Name}}, {{.State}}, {{.Rss}}: the JSON's name, any case, with
 * its underscores or without), and \t \n are a tab and a newline.
 */
static void print_format(const char *fmt, const struct ctlab_stats *st)
{
	json_t *j = ctlab_ct_json(st), *v;
	const char *key;
	char field[64];

	for (; *fmt; fmt++) {
		const char *end = strstr(fmt, "}}");
		size_t len;

		if (fmt[0] == '\\' && (fmt[1] == 't' || fmt[1] == 'n')) {
			putchar(*++fmt == 't' ? '\t' : '\n');
			continue;
		}
		if (strncmp(fmt, "{{.", 3) || !end) {
			putchar(*fmt);
			continue;
		}
		len = (size_t)(end - fmt - 3);
		snprintf(field, sizeof(field), "%.*s", (int)len, fmt + 3);
		fmt = end + 1;
		json_object_foreach(j, key, v) {
			char plain[64];
			size_t i, k = 0;

			for (i = 0; key[i] && k < sizeof(plain) - 1; i++)
				if (key[i] != '_')
					plain[k++] = key[i];
			plain[k] = '\0';
			if (strcasecmp(key, field) && strcasecmp(plain, field))
				continue;
			if (json_is_string(v))
				fputs(json_string_value(v), stdout);
			else if (json_is_integer(v))
				printf("%lld", (long long)json_integer_value(v));
			else if (json_is_real(v))
				printf("%.1f", json_real_value(v));
			break;
		}
	}
	putchar('\n');
	json_decref(j);
}

enum { OPT_JSON = CLI_KEY(200), OPT_FORMAT = CLI_KEY(1), OPT_NO_STREAM };

static const struct cli_opt ps_opts[] = {
	{ .name = "all", .key = 'a', .arg = NULL, .help = "every container (ctlab ps lists every one anyway: the\nmodule keeps exited ones until rm)" },
	{ .name = "quiet", .key = 'q', .arg = NULL, .help = "names only, one a line" },
	{ .name = "format", .key = OPT_FORMAT, .arg = "TEMPLATE", .help = "a line per container: {{.Name}} {{.State}}\n{{.Rss}}... (the --json fields), \\t a tab" },
	JSON_OPT,
	CLI_OPT_END,
};

static int ps(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *format = NULL;
	struct ctlab_stats *st;
	bool json = false, quiet = false;
	int fd, n, i, c, width;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == OPT_JSON)
			json = true;
		else if (c == 'q')
			quiet = true;
		else if (c == OPT_FORMAT)
			format = optarg;
	}
	if (optind != argc)
		usage(cmd, "no arguments expected");
	if (json + quiet + !!format > 1)
		usage(cmd, "one of --json, -q and --format");
	fd = cli_open_device();
	n = all_stats(fd, &st);
	close(fd);
	if (json) {
		json_t *all = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(all, ctlab_ct_json(&st[i]));
		cli_print_json(all);
	}
	width = name_width(st, n);
	if (!json && !quiet && !format)
		printf("%4s  %-*s %-8s %7s %5s %6s %6s %6s %7s %9s\n", "ID",
		       width, "NAME", "STATE", "PID", "PROCS", "MEM", "PEAK",
		       "LIMIT", "FAILCNT", "UPTIME");
	for (i = 0; i < n && !json; i++) {
		if (quiet)
			puts(st[i].name);
		else if (format)
			print_format(format, &st[i]);
		else
			print_row(&st[i], width);
	}
	free(st);
	return EXIT_SUCCESS;
}

/* "exited 3", "killed by SIGKILL": an exited init's wait status, decoded. */
static void print_exit(const struct ctlab_stats *st)
{
	if (WIFSIGNALED(st->exit_status))
		printf(", killed by SIG%s (exit code %d)",
		       sigabbrev_np(WTERMSIG(st->exit_status)),
		       ctlab_ct_exit_code(st));
	else
		printf(", exit code %d", ctlab_ct_exit_code(st));
}

static void print_stats(const struct ctlab_stats *st)
{
	char a[16], b[16], c[16], up[24];

	fmt_uptime(ctlab_ct_uptime_s(st), up, sizeof(up));
	printf("%s (id %u): %s", st->name, st->id, ctlab_ct_state_name(st->state));
	if (st->state == CTLAB_STATE_RUNNING)
		printf(", init PID %d, up %s", st->init_pid, up);
	if (st->state == CTLAB_STATE_EXITED)
		print_exit(st);
	if (st->state == CTLAB_STATE_EXITED && st->started)
		printf(", ran %s", up);
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
	struct ctlab_account a;
	char x[16], y[16], why[128];
	int err = ctlab_account(fd, st->id, &a);

	if (err && !ctlab_account_missing(fd, err, why, sizeof(why))) {
		printf("  (%s: kernel memory, files, pressure and memory\n"
		       "   events; load the module this ctlab came with)\n", why);
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
		printf("  pressure    - (" CTLAB_PSI_OFF ")\n");
	printf("  events      low %llu, high %llu, max %llu, oom %llu, oom_kill %llu\n",
	       (unsigned long long)a.ev_low, (unsigned long long)a.ev_high,
	       (unsigned long long)a.ev_max, (unsigned long long)a.ev_oom,
	       (unsigned long long)a.ev_oom_kill);
}

/* STATS and ACCOUNT as one object, as `ctlab inspect` gives them. */
static void print_json(int fd, const struct ctlab_stats *st)
{
	json_t *j = ctlab_ct_json(st);
	int err = ctlab_ct_json_add_account(j, fd, st->id);

	if (err)
		die_errno(err, "%s: accounting", st->name);
	cli_print_json(j);
}

static const struct cli_opt stats_opts[] = {
	JSON_OPT,
	{ .name = "watch", .key = 'w', .arg = NULL, .help = "again every second (with --json, an object a line)\nuntil it is removed" },
	{ .name = "no-stream", .key = OPT_NO_STREAM, .arg = NULL, .help = "one sample, then exit (the default; docker's word)" },
	CLI_OPT_END,
};

/* One sample of @name, or of every container if @name is NULL. */
static int stats_sample(int fd, const char *name, bool json, bool first)
{
	struct ctlab_stats *st, one;
	int n, i, err;

	if (name) {
		err = ctlab_stats(fd, 0, name, &one);
		if (err == -ENOENT && !first)
			return -ENOENT;
		if (err == -ENOENT)
			die("%s: no such container (ctlab ps lists them)", name);
		if (err)
			die_errno(err, "%s", name);
		st = &one;
		n = 1;
	} else {
		n = all_stats(fd, &st);
	}
	for (i = 0; i < n; i++) {
		if (json) {
			print_json(fd, &st[i]);
			continue;
		}
		print_stats(&st[i]);
		print_account(fd, &st[i]);
		if (i + 1 < n)
			printf("\n");
	}
	if (st != &one)
		free(st);
	fflush(stdout);
	return 0;
}

static int stats(const struct cli_cmd *cmd, int argc, char **argv)
{
	bool json = false, watch = false;
	const char *name = NULL;
	int fd, c, samples;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == OPT_JSON)
			json = true;
		else if (c == 'w')
			watch = true;
		else if (c == OPT_NO_STREAM)
			watch = false;
	}
	if (argc - optind > 1)
		usage(cmd, "expected one container name, or none for all");
	if (argc - optind == 1)
		name = cli_name(cmd, argv[optind]);
	fd = cli_open_device();
	/* --watch: a sample a second until the container is gone. */
	for (samples = 0; !stats_sample(fd, name, json, !samples); samples++) {
		if (!watch)
			break;
		sleep(1);
		if (!json)
			printf("\n");
	}
	close(fd);
	return EXIT_SUCCESS;
}

const struct cli_cmd cli_cmd_ps = {
	.name = "ps", .operands = "",
	.summary = "list the containers (also: ls)",
	.help = "List the containers: state, init's PID, processes, memory held and\n"
		"its peak, the limit and how often it was hit, uptime (how long an\n"
		"exited one ran).\n",
	.opts = ps_opts, .run = ps,
};

const struct cli_cmd cli_cmd_stats = {
	.name = "stats", .operands = "[NAME]",
	.summary = "containers' accounting, one or all",
	.help = "A container's accounting (every container's without NAME): tasks,\n"
		"memory (RSS beside the cgroup's charge), limit hits, page faults,\n"
		"CPU time.\n",
	.opts = stats_opts, .operand = COMPLETE_CT, .run = stats,
};
