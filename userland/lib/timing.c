// SPDX-License-Identifier: GPL-2.0
/*
 * timing.c: the clock every start is timed by, and the marks a start
 * leaves behind it (ctlab.h, "Where start-up time goes").
 *
 * CLOCK_MONOTONIC is one clock for every process on the host, the
 * container's too (ctlab gives containers no time namespace): a mark the
 * container's first task takes in its new namespaces is on the same
 * scale as the launcher's.  So the two can share one struct ctlab_timing
 * in a MAP_SHARED page, each taking its slot with one atomic increment,
 * and the launcher sorts the marks by time once the task has exec'd.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

int64_t ctlab_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void ctlab_timing_start(struct ctlab_timing *t)
{
	memset(t, 0, sizeof(*t));
	t->start_ns = ctlab_now_ns();
}

void timing_add(struct ctlab_timing *t, const char *phase, int64_t at_ns,
		bool guest_clock)
{
	unsigned int i;

	if (!t)
		return;
	i = __atomic_fetch_add(&t->n, 1, __ATOMIC_RELAXED);
	if (i >= CTLAB_TIMING_MAX) {
		__atomic_store_n(&t->n, CTLAB_TIMING_MAX, __ATOMIC_RELAXED);
		return;
	}
	t->mark[i] = (struct ctlab_mark){ phase, at_ns, guest_clock };
}

void ctlab_timing_mark(struct ctlab_timing *t, const char *phase)
{
	timing_add(t, phase, ctlab_now_ns(), false);
}

static int by_time(const void *a, const void *b)
{
	const struct ctlab_mark *x = a, *y = b;

	return (x->at_ns > y->at_ns) - (x->at_ns < y->at_ns);
}

void timing_sort(struct ctlab_timing *t)
{
	if (t)
		qsort(t->mark, t->n, sizeof(t->mark[0]), by_time);
}
