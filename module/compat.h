/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctlab.ko: the differences between the kernels it builds for (6.1 and
 * 6.12, and whatever a student runs), in one place.  Each helper says
 * what changed and when.
 */
#ifndef CTLAB_COMPAT_H
#define CTLAB_COMPAT_H

#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/version.h>

/*
 * One of a process's page counters (MM_ANONPAGES...), in pages, exact.
 * @leader: a thread of the process; @mm: its address space.  Caller
 * holds rcu_read_lock() (the thread list is walked on 6.1).
 *
 * Since 6.2 the counters are per-CPU counters, whose plain read may lag
 * by a batch per CPU: sum them, as /proc/PID/status does since.
 *
 * Until 6.1 (SPLIT_RSS_COUNTING) each thread keeps its own updates in
 * task->rss_stat and folds them into the mm only every 64 page faults,
 * so /proc, which reads the mm alone, lags the page tables: a process of
 * many threads that each faulted a little shows several percent too
 * little.  Adding each thread's pending updates gives the page tables'
 * count.  The read of another thread's cache is racy by design: it is a
 * snapshot, as a sample is.
 */
static inline unsigned long ctlab_mm_counter(struct task_struct *leader,
					     struct mm_struct *mm, int member)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return percpu_counter_sum_positive(&mm->rss_stat[member]);
#else
	long pages = atomic_long_read(&mm->rss_stat.count[member]);
#ifdef SPLIT_RSS_COUNTING
	struct task_struct *t;

	for_each_thread(leader, t)
		if (READ_ONCE(t->mm) == mm)
			pages += READ_ONCE(t->rss_stat.count[member]);
#endif
	return pages > 0 ? pages : 0;
#endif
}

#endif /* CTLAB_COMPAT_H */
