/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctlab.ko: the differences between the kernels it builds for (6.1 and
 * 6.12, and whatever a student runs), in one place.  Each helper says
 * what changed and when.
 */
#ifndef CTLAB_COMPAT_H
#define CTLAB_COMPAT_H

#include <linux/mm.h>
#include <linux/version.h>

/*
 * An mm's page counters.  Until 6.1 they are atomics, plus a per-thread
 * cache that is folded in every 64 page faults (which /proc shows the
 * same way).  Since 6.2 they are per-CPU counters, whose plain read may
 * lag by a batch per CPU: sum them, as /proc/PID/status does since.
 */
static inline unsigned long ctlab_mm_counter(struct mm_struct *mm, int member)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return percpu_counter_sum_positive(&mm->rss_stat[member]);
#else
	return get_mm_counter(mm, member);
#endif
}

#endif /* CTLAB_COMPAT_H */
