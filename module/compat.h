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
 * An mm's page counters, as /proc/PID/status reads them.  Until 6.1 they
 * are atomics, plus a per-thread cache that is folded in every 64 page
 * faults.  Since 6.2 they are per-CPU counters, whose plain read may lag
 * by a batch per CPU: sum them, as /proc/PID/status does since.
 */
static inline unsigned long ctlab_mm_counter(struct mm_struct *mm, int member)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return percpu_counter_sum_positive(&mm->rss_stat[member]);
#else
	return get_mm_counter(mm, member);
#endif
}

/*
 * The same counter, exact: what the page tables hold.  @leader is a
 * thread of the process whose address space @mm is.  Caller holds
 * rcu_read_lock() (the thread list is walked on 6.1).
 *
 * Until 6.1 (SPLIT_RSS_COUNTING) each thread keeps its latest updates in
 * task->rss_stat and folds them into the mm only every 64 page faults,
 * so /proc, which reads the mm alone, lags the page tables: a process of
 * many threads that each faulted a little shows several percent too
 * little.  Adding each thread's pending updates gives the page tables'
 * count.  Reading another thread's cache races with it by design: the
 * result is a snapshot, as a sample is.  Since 6.2 there is no cache.
 */
static inline unsigned long ctlab_mm_counter_exact(struct task_struct *leader,
						   struct mm_struct *mm,
						   int member)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return ctlab_mm_counter(mm, member);
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
