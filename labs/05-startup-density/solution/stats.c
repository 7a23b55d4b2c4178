// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c: the median and the interquartile range of a set of times.
 *
 * Start-up times have a long tail: a start that waited for the disk, or
 * for another process, can take several times the usual.  One such start
 * moves the mean a lot and the median not at all, so the median is the
 * "typical" figure; the interquartile range (Q3 - Q1, where the middle
 * half of the times lie) says how much they spread, again without letting
 * one outlier decide.
 */
#include <stdlib.h>

#include "startup.h"

/*
 * The quantile p (0 <= p <= 1) of @n sorted numbers, by linear
 * interpolation between the two nearest ranks (the default of R and
 * NumPy): the position h = (n - 1) * p counts from 0, and between
 * sorted[k] and sorted[k + 1] (k = the whole part of h) the answer lies
 * the fraction h - k of the way.  quantile(x, n, 0.5) is the median:
 * the middle number, or the mean of the two middle ones.
 */
double quantile(const double *sorted, size_t n, double p)
{
	/* TODO 4/6: compute it as above (for n == 1, it is sorted[0]). */
	double h = (double)(n - 1) * p;
	size_t k = (size_t)h;

	if (k + 1 >= n)
		return sorted[n - 1];
	return sorted[k] + (h - (double)k) * (sorted[k + 1] - sorted[k]);
	/* SKEL: (void)sorted, (void)n, (void)p; */
	/* SKEL: return 0; */
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts @x (n > 0) and summarises it. */
void summarize(double *x, size_t n, struct summary *s)
{
	qsort(x, n, sizeof(*x), cmp_double);
	s->median = quantile(x, n, 0.5);
	s->q1 = quantile(x, n, 0.25);
	s->q3 = quantile(x, n, 0.75);
	s->iqr = s->q3 - s->q1;
}
