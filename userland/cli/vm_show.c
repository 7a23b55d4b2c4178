// SPDX-License-Identifier: GPL-2.0
/*
 * vm_show.c: "ctlab vm ls" and "ctlab vm stats", as a table, as text or
 * as JSON (built with jansson, so names and numbers are always quoted
 * and escaped right).
 *
 * CPU use in --watch is the growth of QEMU's CPU time between two samples
 * divided by the wall time between them: 100% is one host CPU kept busy.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"

static const char *mib(uint64_t bytes, char *buf, size_t len)
{
	snprintf(buf, len, "%.1f", (double)bytes / (1 << 20));
	return buf;
}

enum { OPT_JSON = CLI_KEY(200), OPT_WATCH = CLI_KEY(1), OPT_INTERVAL };

static const struct cli_opt ls_opts[] = {
	{ .name = "quiet", .key = 'q', .arg = NULL, .help = "names only, one a line" },
	JSON_OPT,
	CLI_OPT_END,
};

static const struct cli_opt stats_opts[] = {
	JSON_OPT,
	{ .name = "watch", .key = OPT_WATCH, .arg = NULL, .help = "repeat every --interval seconds, with CPU use\n(with --json, an object a line)" },
	{ .name = "interval", .key = OPT_INTERVAL, .arg = "SEC", .help = "seconds between two --watch lines (default 1)" },
	CLI_OPT_END,
};

/* The NAME column is as wide as the longest name: rows never shift. */
static int name_width(char **names)
{
	int i, w = 4;

	for (i = 0; names[i]; i++)
		if ((int)strlen(names[i]) > w)
			w = (int)strlen(names[i]);
	return w;
}

static int cli_vm_ls(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_vm_stats st;
	json_t *all = NULL;
	char **names, b1[32], b2[32], b3[32];
	bool json = false, quiet = false;
	int n, i, c, w;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == OPT_JSON)
			json = true;
		else
			quiet = true;
	}
	if (optind != argc)
		usage(cmd, "takes no operand");
	n = ctlab_vm_list(&names);
	if (n < 0)
		die_errno(n, "cannot list the guests");
	w = name_width(names);
	if (json)
		all = json_array();
	else if (!quiet)
		printf("%-*s %-12s %8s %8s %4s %5s %7s %9s\n", w, "NAME", "STATE",
		       "PID", "MEM_MiB", "CPUS", "ACCEL", "BOOT_S", "RSS_MiB");
	for (i = 0; i < n; i++) {
		if (quiet) {
			puts(names[i]);
			continue;
		}
		/* A guest removed while we look is not an error. */
		if (ctlab_vm_stats(names[i], &st))
			continue;
		if (json) {
			json_array_append_new(all, ctlab_vm_json(&st));
			continue;
		}
		if (st.boot_s >= 0)
			snprintf(b3, sizeof(b3), "%.2f", st.boot_s);
		else
			snprintf(b3, sizeof(b3), "-");
		printf("%-*s %-12s %8d %8s %4u %5s %7s %9s\n", w, st.name, st.status,
		       (int)st.pid, mib(st.mem, b1, sizeof(b1)), st.cpus,
		       st.accel, b3, st.alive ? mib(st.rss, b2, sizeof(b2)) : "-");
	}
	if (json)
		cli_print_json(all);
	ctlab_strv_free(names);
	return EXIT_SUCCESS;
}

static void print_stats(const struct ctlab_vm_stats *st)
{
	char b1[32], b2[32];
	unsigned int i;

	printf("%s: %s, pid %d, %s, %u vCPU\n", st->name, st->status,
	       (int)st->pid, st->accel, st->cpus);
	if (st->boot_s >= 0)
		printf("  boot to ready     %.2f s\n", st->boot_s);
	if (!st->alive)
		return;
	printf("  QEMU: RAM         %s MiB, balloon leaves %s MiB\n",
	       mib(st->mem, b1, sizeof(b1)),
	       mib(st->balloon_actual, b2, sizeof(b2)));
	if (st->guest_stats) {
		printf("  guest: MemTotal   %s MiB, ", mib(st->guest_total, b1, sizeof(b1)));
		printf("MemFree %s MiB, ", mib(st->guest_free, b1, sizeof(b1)));
		printf("MemAvailable %s MiB (%" PRId64 " s old)\n",
		       mib(st->guest_available, b1, sizeof(b1)),
		       st->guest_stats_age_s);
	} else {
		printf("  guest: no memory statistics from its balloon driver yet\n");
	}
	printf("  host: QEMU RSS    %s MiB, ", mib(st->rss, b1, sizeof(b1)));
	printf("PSS %s MiB, CPU %.2f s\n", mib(st->pss, b1, sizeof(b1)),
	       (double)st->cpu_ns / 1e9);
	printf("  host: of the RSS, guest RAM %s MiB, QEMU itself %s MiB\n",
	       mib(st->ram_rss, b1, sizeof(b1)),
	       mib(st->rss - st->ram_rss, b2, sizeof(b2)));
	for (i = 0; i < st->nr_vcpus; i++)
		printf("  vCPU %u: thread %d, CPU %.2f s\n", i,
		       (int)st->vcpu[i].tid, (double)st->vcpu[i].cpu_ns / 1e9);
}

/* One line per interval: memory as the three views see it, CPU use. */
static int watch(const char *name, bool json, unsigned int interval)
{
	struct ctlab_vm_stats st;
	uint64_t last_cpu = 0;
	int64_t t0 = 0, last_t = 0;
	char b[4][32];
	int err;

	/* A guest that is not there is said so before any header. */
	err = ctlab_vm_stats(name, &st);
	if (err == -ENOENT)
		die("no guest named %s", name);
	if (!json)
		printf("%-8s %10s %10s %10s %10s %6s\n", "TIME_S", "BALLOON",
		       "GUEST_AV", "RSS_MiB", "PSS_MiB", "CPU%");
	for (;;) {
		err = ctlab_vm_stats(name, &st);
		if (err)
			die_errno(err, "%s", name);
		if (!st.alive)
			die("%s is dead", name);
		if (!t0)
			t0 = st.cpu_at_ns;
		if (json) {
			cli_print_json(ctlab_vm_json(&st));
		} else {
			/*
			 * 100%: one host CPU busy all the time.  The time is
			 * the one the CPU time was read at: the QMP queries
			 * after it take long under load, and counting them
			 * in made an idle guest look 180% busy.
			 */
			double cpu = 0;

			if (last_t && st.cpu_at_ns > last_t)
				cpu = (st.cpu_ns - last_cpu) * 100.0 /
				      (st.cpu_at_ns - last_t);
			printf("%-8.1f %10s %10s %10s %10s %6.1f\n",
			       (st.cpu_at_ns - t0) / 1e9,
			       mib(st.balloon_actual, b[0], 32),
			       st.guest_stats ?
			       mib(st.guest_available, b[1], 32) : "-",
			       mib(st.rss, b[2], 32), mib(st.pss, b[3], 32),
			       cpu);
		}
		fflush(stdout);
		last_cpu = st.cpu_ns;
		last_t = st.cpu_at_ns;
		sleep(interval);
	}
}

static int cli_vm_stats(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_vm_stats st;
	unsigned int interval = 1;
	bool watching = false, json = false;
	const char *name;
	int c, err;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == OPT_JSON)
			json = true;
		else if (c == OPT_WATCH)
			watching = true;
		else if (c == OPT_INTERVAL)
			interval = cli_uint(cmd, "--interval", optarg, 1, 3600);
	}
	if (argc - optind != 1)
		usage(cmd, "expected one guest name");
	name = cli_name(cmd, argv[optind]);
	if (watching)
		return watch(name, json, interval);
	err = ctlab_vm_stats(name, &st);
	if (err == -ENOENT)
		die("no guest named %s", name);
	if (err)
		die_errno(err, "%s", name);
	if (json)
		cli_print_json(ctlab_vm_json(&st));
	else
		print_stats(&st);
	return st.alive ? EXIT_SUCCESS : EXIT_FAILURE;
}

const struct cli_cmd cli_cmd_vm_ls = {
	.name = "vm ls", .operands = "",
	.summary = "list the guests",
	.help = "List guests: state, PID, memory, vCPUs, accelerator, boot time and\n"
		"QEMU's resident memory.  A guest whose QEMU died shows as dead.\n",
	.opts = ls_opts, .run = cli_vm_ls,
};

const struct cli_cmd cli_cmd_vm_stats = {
	.name = "vm stats", .operands = "NAME",
	.summary = "one guest's figures, as QEMU, the guest and the host see them",
	.help = "Show a guest's figures as QEMU, the guest kernel and the host see\n"
		"them.  Exit status 1 if the guest is dead.\n",
	.opts = stats_opts, .operand = COMPLETE_VM, .run = cli_vm_stats,
};
