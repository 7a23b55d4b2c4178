// SPDX-License-Identifier: GPL-2.0
/*
 * startup.c: lab 05's measuring harness, "startup time and density".
 *
 *   startup time ct|vm N                  start N, one at a time: how long
 *                                         each takes to be ready
 *   startup fit ct|vm BUDGET_MIB EACH_MIB how many fit in BUDGET_MIB
 *   startup stats                         median and quartiles of the
 *                                         numbers on standard input
 *
 * Containers (ct) need ctlab's module: run those in the lab VM.  Guests
 * (vm) run on your machine, under QEMU's TCG like the lab VM itself, so
 * both are emulated once.  Results are "key=value" lines on standard
 * output, for the grader and for you; progress goes to standard error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "startup.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("startup: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/*
 * Seconds on a clock that only moves forward, at a steady rate.  The
 * wall clock (CLOCK_REALTIME, gettimeofday, time) can be set or slewed
 * by NTP mid-measurement, and time() counts whole seconds; CPU clocks
 * (clock(), CLOCK_PROCESS_CPUTIME_ID) count this process's CPU time,
 * which is almost nothing while it waits for a guest to boot.
 */
double now(void)
{
	/* TODO 1/4: read CLOCK_MONOTONIC with clock_gettime(2), in seconds. */
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	/* SKEL: return 0; */
}

static void print_summary(double *t, size_t n)
{
	struct summary s;

	summarize(t, n, &s);
	printf("median=%.6f\nq1=%.6f\nq3=%.6f\niqr=%.6f\n",
	       s.median, s.q1, s.q3, s.iqr);
}

/* startup time KIND N: one start at a time, each removed before the next. */
static void time_starts(enum kind kind, int n)
{
	/* A container idles, as a booted guest does. */
	static char *const idle[] = { "/bin/sleep", "3600", NULL };
	double t[MAX_STARTS];
	char name[CTLAB_NAME_MAX];
	pid_t init = 0;
	double t0 = 0;
	int i, err = 0;

	printf("kind=%s\nn=%d\n", kind == CT ? "ct" : "vm", n);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "t%d-%d", (int)getpid(), i + 1);
		/* TODO 2/12: time start number i, from just before asking for
		 * it to the moment it is ready (ct_start() running idle, or
		 * vm_start() with TIME_VM_MIB), into t[i]; then remove it
		 * (ct_remove() or vm_remove()), outside the timed part:
		 * tearing down is not starting.  If it did not start, die()
		 * with the reason (strerror(-err)).
		 */
		t0 = now();
		if (kind == CT)
			err = ct_start(name, idle, &init);
		else
			err = vm_start(name, TIME_VM_MIB);
		t[i] = now() - t0;
		if (err)
			die("%s did not start: %s", name, strerror(-err));
		if (kind == CT)
			ct_remove(name, init);
		else
			vm_remove(name);
		/* SKEL: t[i] = 0; */
		/* SKEL: (void)err, (void)init, (void)t0, (void)idle; */
		printf("t%d=%.6f\n", i + 1, t[i]);
		fprintf(stderr, "%s: ready in %.3f s\n", name, t[i]);
		fflush(stdout);
	}
	print_summary(t, (size_t)n);
}

/* startup stats: one number a line on standard input. */
static void stats_stdin(void)
{
	static double x[10000];
	size_t n = 0;

	while (n < sizeof(x) / sizeof(x[0]) && scanf("%lf", &x[n]) == 1)
		n++;
	if (!n)
		die("stats: no numbers on standard input");
	printf("n=%zu\n", n);
	print_summary(x, n);
}

static enum kind parse_kind(const char *s)
{
	if (!strcmp(s, "ct"))
		return CT;
	if (!strcmp(s, "vm"))
		return VM;
	die("'%s': ct (containers) or vm (guests)", s);
}

static unsigned int parse_uint(const char *s, unsigned int lo, unsigned int hi)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		die("'%s': a number from %u to %u", s, lo, hi);
	return (unsigned int)v;
}

static void usage(void)
{
	fputs("usage: startup time ct|vm N\n"
	      "       startup fit ct|vm BUDGET_MIB EACH_MIB\n"
	      "       startup stats < NUMBERS\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *why = "";
	enum kind kind;
	unsigned int budget, each;
	int fit;

	if (argc == 2 && !strcmp(argv[1], "stats")) {
		stats_stdin();
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "time")) {
		time_starts(parse_kind(argv[2]), parse_uint(argv[3], 1, MAX_STARTS));
		return 0;
	}
	if (argc != 5 || strcmp(argv[1], "fit"))
		usage();
	kind = parse_kind(argv[2]);
	budget = parse_uint(argv[3], 16, 65536);
	each = parse_uint(argv[4], 1, 4096);
	printf("kind=%s\nbudget_mib=%u\neach_mib=%u\n", argv[2], budget, each);
	fflush(stdout);
	fit = kind == CT ? fit_ct(budget, each, &why) : fit_vm(budget, each, &why);
	printf("fit=%d\nstopped_by=%s\n", fit, why);
	return 0;
}
