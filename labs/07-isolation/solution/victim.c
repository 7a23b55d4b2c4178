// SPDX-License-Identifier: GPL-2.0
/*
 * victim.c: lab 07's latency-sensitive workload, "the victim".
 *
 *   victim [REQUESTS [PERIOD_US [WORK_US]]]     (default: 200 3000 300)
 *
 * A service in miniature: a client sends a request, waits for the answer,
 * thinks for PERIOD_US and sends the next.  Each request needs WORK_US of
 * CPU time.  What the client notices is the response time: from the
 * moment the request was due to the moment its work is done.  On an idle
 * machine that is the work itself plus the time the kernel takes to wake
 * the service up; with a noisy neighbour it is also every moment the
 * service was ready to run and the CPU was busy with someone else.
 *
 * It prints one "key=value" a line: requests, period_us, work_us (what one
 * request's work takes when nothing interrupts it), r1..rN (each
 * response time, in microseconds), then median_us, p75_us and p99_us:
 * the times that half, three quarters and 99 in 100 of the requests
 * stayed under.  A neighbour that takes the CPU now and then delays some
 * requests and not others: the median moves only if it delays more than
 * half of them, the 75th percentile once it delays a quarter.
 *
 * The same static binary runs in a container, in a guest and on a host;
 * its work is calibrated where it runs, so that a request costs the same
 * time everywhere and only the waiting differs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_REQUESTS 100000

static volatile unsigned long long sink;

/*
 * Microseconds on CLOCK_MONOTONIC: steady, never set, and counting every
 * moment, those this process spent waiting for a CPU too.
 */
static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/*
 * A request's work: @rounds steps of a linear congruential generator,
 * pure CPU (the same arithmetic as cpuburn's).
 */
static void work(unsigned long rounds)
{
	unsigned long long x = sink;
	unsigned long i;

	for (i = 0; i < rounds; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	sink = x;
}

/*
 * The quickest of @tries runs of work(@rounds), in microseconds: a run
 * that was interrupted only ever takes longer.
 */
static double quickest(unsigned long rounds, int tries)
{
	double best = 0, t;
	int i;

	for (i = 0; i < tries; i++) {
		t = now_us();
		work(rounds);
		t = now_us() - t;
		if (i == 0 || t < best)
			best = t;
	}
	return best;
}

/*
 * How many rounds of work take @us here, when nothing interrupts them.
 * Measured on runs of about a millisecond, the quickest of several: a
 * run that short often goes through untouched even beside a neighbour,
 * where a longer one rarely would.  The time of one request's work at
 * the count chosen is in *@took.
 */
static unsigned long calibrate(double us, double *took)
{
	unsigned long rounds = 1000;
	double t;

	while ((t = quickest(rounds, 5)) < 250)
		rounds *= 2;
	rounds = (unsigned long)((double)rounds * 1000 / t) + 1;
	t = quickest(rounds, 9);
	rounds = (unsigned long)((double)rounds * us / t) + 1;
	*took = quickest(rounds, 3);
	return rounds;
}

/* @t + @us microseconds. */
static struct timespec after(struct timespec t, long us)
{
	t.tv_sec += us / 1000000;
	t.tv_nsec += (us % 1000000) * 1000;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/*
 * One request: wait until it is due, do its work, and return its
 * response time in microseconds, from @due to the end of the work.
 */
static double serve(struct timespec due, unsigned long rounds)
{
	double due_us = (double)due.tv_sec * 1e6 + (double)due.tv_nsec / 1e3;

	/* TODO 5/3: sleep until due on CLOCK_MONOTONIC, with an absolute
	 * time (clock_nanosleep(2), TIMER_ABSTIME): a relative sleep would
	 * start late whenever we were.  A signal may cut the sleep short.
	 */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL) ==
	       EINTR)
		;
	/* TODO 5/2: do the request's work, and return the time from when
	 * the request was due (due_us) until now: what the client waited.
	 */
	work(rounds);
	return now_us() - due_us;
	/* SKEL: (void)due_us, (void)rounds; */
	/* SKEL: return 0; */
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The quantile p (0 <= p <= 1) of @n sorted numbers, by linear
 * interpolation between the two nearest ranks (the default of R and
 * NumPy, as in lab 05): at the position h = (n - 1) * p, counting from
 * 0, between sorted[k] and sorted[k + 1] for k the whole part of h.
 * quantile(x, n, 0.5) is the median; quantile(x, n, 0.75) the 75th
 * percentile, the time three requests in four stay under.
 */
static double quantile(const double *sorted, size_t n, double p)
{
	/* TODO 6/6: compute it as above (for n == 1, it is sorted[0]). */
	double h = (double)(n - 1) * p;
	size_t k = (size_t)h;

	if (k + 1 >= n)
		return sorted[n - 1];
	return sorted[k] + (h - (double)k) * (sorted[k + 1] - sorted[k]);
	/* SKEL: (void)sorted, (void)n, (void)p; */
	/* SKEL: return 0; */
}

static void __attribute__((noreturn)) usage(void)
{
	fputs("usage: victim [REQUESTS [PERIOD_US [WORK_US]]]\n", stderr);
	exit(2);
}

/* @s as a whole number from 1 to @max, or exit with the usage. */
static long arg(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > max)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	long requests = 200, period_us = 3000, work_us = 300, i;
	struct timespec due;
	unsigned long rounds;
	double took, *r;

	if (argc > 4)
		usage();
	if (argc > 1)
		requests = arg(argv[1], MAX_REQUESTS);
	if (argc > 2)
		period_us = arg(argv[2], 1000000);
	if (argc > 3)
		work_us = arg(argv[3], 1000000);
	r = calloc((size_t)requests, sizeof(*r));
	if (!r)
		return 1;

	rounds = calibrate((double)work_us, &took);
	printf("requests=%ld\nperiod_us=%ld\nwork_us=%.1f\n", requests,
	       period_us, took);
	for (i = 0; i < requests; i++) {
		/* The next request comes PERIOD_US after the last answer. */
		clock_gettime(CLOCK_MONOTONIC, &due);
		r[i] = serve(after(due, period_us), rounds);
	}
	for (i = 0; i < requests; i++)
		printf("r%ld=%.1f\n", i + 1, r[i]);
	qsort(r, (size_t)requests, sizeof(*r), cmp_double);
	printf("median_us=%.1f\np75_us=%.1f\np99_us=%.1f\n",
	       quantile(r, (size_t)requests, 0.5),
	       quantile(r, (size_t)requests, 0.75),
	       quantile(r, (size_t)requests, 0.99));
	free(r);
	return 0;
}
