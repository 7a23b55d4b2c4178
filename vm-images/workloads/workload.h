/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workload.h: what the workload tools (memhog, cpuburn, spawn, pagefile)
 * share.  They run in the container template and in the QEMU guest alike,
 * built static, so the same binary does the same work on both sides of a
 * comparison.
 *
 * The command-line convention of ctlab: --help prints the usage on stdout
 * and exits 0; a bad argument prints it on stderr and exits 2; a failure
 * exits 1.  Numbers are plain decimal: "-1", "+1", " 1" and "1x" are bad.
 */
#ifndef CTLAB_WORKLOAD_H
#define CTLAB_WORKLOAD_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Print USAGE (stdout for --help, stderr for a mistake) and exit. */
static inline __attribute__((noreturn)) void usage_exit(const char *usage,
							 int status)
{
	fputs(usage, status ? stderr : stdout);
	exit(status);
}

/* S as a decimal number in [0, MAX] into *OUT; false if it is not one. */
static inline bool parse_num(const char *s, unsigned long max,
			     unsigned long *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

/*
 * A hold time in seconds: a number, or "forever".  HOLD_FOREVER stands
 * for the latter.
 */
#define HOLD_FOREVER (~0UL)

static inline bool parse_hold(const char *s, unsigned long *out)
{
	if (strcmp(s, "forever") == 0) {
		*out = HOLD_FOREVER;
		return true;
	}
	return parse_num(s, 365UL * 24 * 3600, out);
}

/* Do nothing for SECONDS (or forever), whatever signals come and go. */
static inline void hold(unsigned long seconds)
{
	if (seconds == HOLD_FOREVER)
		for (;;)
			pause();
	while (seconds)
		seconds = sleep(seconds);
}

/* Seconds on CLOCK (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID...). */
static inline double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif /* CTLAB_WORKLOAD_H */
