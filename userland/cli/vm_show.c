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

static json_t *stats_json(const struct ctlab_vm_stats *st)
{
	json_t *j, *vcpus = json_array();
	unsigned int i;

	for (i = 0; i < st->nr_vcpus; i++)
		json_array_append_new(vcpus, json_pack("{s:i, s:I}",
			"thread_id", (int)st->vcpu[i].tid,
			"cpu_ns", (json_int_t)st->vcpu[i].cpu_ns));
	j = json_pack("{s:s, s:s, s:b, s:i, s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		      "name", st->name, "status", st->status, "alive", st->alive,
		      "pid", (int)st->pid, "accel", st->accel, "cpus", (int)st->cpus,
		      "mem", (json_int_t)st->mem,
		      "balloon_actual", (json_int_t)st->balloon_actual,
		      "rss", (json_int_t)st->rss, "pss", (json_int_t)st->pss,
		      "ram_rss", (json_int_t)st->ram_rss,
		      "cpu_ns", (json_int_t)st->cpu_ns, "vcpus", vcpus);
	if (!j)
		return NULL;
	json_object_set_new(j, "boot_s", st->boot_s >= 0 ?
			    json_real(st->boot_s) : json_null());
	if (st->guest_stats)
		json_object_set_new(j, "guest", json_pack("{s:I, s:I, s:I, s:I}",
			"mem_total", (json_int_t)st->guest_total,
			"mem_free", (json_int_t)st->guest_free,
			"mem_available", (json_int_t)st->guest_available,
			"age_s", (json_int_t)st->guest_stats_age_s));
	else
		json_object_set_new(j, "guest", json_null());
	return j;
}

static void print_json(json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6));

	if (!text)
		die("out of memory");
	puts(text);
	free(text);
	json_decref(j);
}

static bool want_json(const struct cli_cmd *cmd, int argc, char **argv,
		      bool *watch, unsigned int *interval)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "watch", no_argument, NULL, 'w' },
		{ "interval", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	bool json = false;
	unsigned long secs;
	char *end;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'w':
			if (!watch)
				usage(cmd, "unknown option '--watch'");
			*watch = true;
			break;
		case 'i':
			if (!interval)
				usage(cmd, "unknown option '--interval'");
			/* Checked before it is narrowed: 4294967297 is not 1. */
			secs = strtoul(optarg, &end, 10);
			if (end == optarg || *end || secs < 1 || secs > 3600)
				usage(cmd, "--interval takes 1 to 3600 seconds");
			*interval = (unsigned int)secs;
			break;
		case 'h':
			help(cmd);
		default:
			usage(cmd, "unknown option");
		}
	}
	return json;
}

int cli_vm_ls(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_vm_stats st;
	json_t *all = NULL;
	char **names, b1[32], b2[32], b3[32];
	bool json;
	int n, i;

	json = want_json(cmd, argc, argv, NULL, NULL);
	if (optind != argc)
		usage(cmd, "takes no operand");
	n = ctlab_vm_list(&names);
	if (n < 0)
		die_errno(n, "cannot list the guests");
	if (json)
		all = json_array();
	else
		printf("%-16s %-12s %8s %8s %4s %5s %7s %9s\n", "NAME", "STATE",
		       "PID", "MEM_MiB", "CPUS", "ACCEL", "BOOT_S", "RSS_MiB");
	for (i = 0; i < n; i++) {
		/* A guest removed while we look is not an error. */
		if (ctlab_vm_stats(names[i], &st))
			continue;
		if (json) {
			json_array_append_new(all, stats_json(&st));
			continue;
		}
		if (st.boot_s >= 0)
			snprintf(b3, sizeof(b3), "%.2f", st.boot_s);
		else
			snprintf(b3, sizeof(b3), "-");
		printf("%-16s %-12s %8d %8s %4u %5s %7s %9s\n", st.name, st.status,
		       (int)st.pid, mib(st.mem, b1, sizeof(b1)), st.cpus,
		       st.accel, b3, st.alive ? mib(st.rss, b2, sizeof(b2)) : "-");
	}
	if (json)
		print_json(all);
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

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One line per interval: memory as the three views see it, CPU use. */
static int watch(const char *name, bool json, unsigned int interval)
{
	struct ctlab_vm_stats st;
	uint64_t last_cpu = 0;
	double t0 = now_s(), last_t = 0, t;
	char b[4][32];
	int err;

	if (!json)
		printf("%-8s %10s %10s %10s %10s %6s\n", "TIME_S", "BALLOON",
		       "GUEST_AV", "RSS_MiB", "PSS_MiB", "CPU%");
	for (;;) {
		err = ctlab_vm_stats(name, &st);
		if (err)
			die_errno(err, "%s", name);
		if (!st.alive)
			die("%s is dead", name);
		t = now_s();
		if (json) {
			print_json(stats_json(&st));
		} else {
			/* 100%: one host CPU busy all the time */
			double cpu = 0;

			if (last_t)
				cpu = (st.cpu_ns - last_cpu) / 1e9 /
				      (t - last_t) * 100;
			printf("%-8.1f %10s %10s %10s %10s %6.1f\n", t - t0,
			       mib(st.balloon_actual, b[0], 32),
			       st.guest_stats ?
			       mib(st.guest_available, b[1], 32) : "-",
			       mib(st.rss, b[2], 32), mib(st.pss, b[3], 32),
			       cpu);
		}
		fflush(stdout);
		last_cpu = st.cpu_ns;
		last_t = t;
		sleep(interval);
	}
}

int cli_vm_stats(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_vm_stats st;
	unsigned int interval = 1;
	bool watching = false, json;
	const char *name;
	int err;

	json = want_json(cmd, argc, argv, &watching, &interval);
	if (argc - optind != 1)
		usage(cmd, "expected one guest name");
	name = argv[optind];
	if (ctlab_name_valid(name))
		usage(cmd, "invalid name '%s'", name);
	if (watching)
		return watch(name, json, interval);
	err = ctlab_vm_stats(name, &st);
	if (err == -ENOENT)
		die("no guest named %s", name);
	if (err)
		die_errno(err, "%s", name);
	if (json)
		print_json(stats_json(&st));
	else
		print_stats(&st);
	return st.alive ? EXIT_SUCCESS : EXIT_FAILURE;
}
