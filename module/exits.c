// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: what the members of a container use before they exit.
 *
 * A live task's CPU time and page faults are in its task_struct, which
 * the sampler reads.  Once it has exited, the kernel adds them to its
 * parent's counters when the parent waits for it (what getrusage's
 * RUSAGE_CHILDREN reports) - but only then: a child whose parent ignores
 * SIGCHLD is reaped by the kernel itself and its usage is dropped, as is
 * that of the tasks the kernel kills when a namespace's init dies.
 *
 * So the module counts each member's usage as it exits, whoever reaps
 * it: it attaches a probe to the sched_process_exit tracepoint, which
 * the kernel calls in every exiting thread, finds the thread's container
 * from its PID namespace, and adds the thread's counters to the
 * container's @gone.  A container's usage is then its live threads' plus
 * @gone, exact however its members are reaped.
 *
 * The probe runs in every exiting task of the machine, with preemption
 * off, so its first test is the cheapest there is: while no container
 * is watched (from its ENTER to its DESTROY), it reads one counter and
 * returns.  Otherwise, for a task outside every container it compares a
 * pointer; for one inside, it looks the namespace up in an xarray under
 * RCU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "internal.h"

/* Containers by the inode number of their PID namespace (ns.inum). */
static DEFINE_XARRAY(ctlab_by_ns);
/* How many are in it: written under ctlab_lock, read by the probe. */
static unsigned int ctlab_watched;

static struct tracepoint *ctlab_exit_tp;

/**
 * ctlab_exits_watch - count the exits of a container's members from now
 * @c: a container entering RUNNING, its @pid_ns set.  Caller holds
 *	ctlab_lock.
 *
 * Return: 0 or -ENOMEM.
 */
int ctlab_exits_watch(struct ctlab_container *c)
{
	int ret;

	lockdep_assert_held(&ctlab_lock);
	ret = xa_err(xa_store(&ctlab_by_ns, c->pid_ns->ns.inum, c,
			      GFP_KERNEL));
	if (!ret)
		WRITE_ONCE(ctlab_watched, ctlab_watched + 1);
	return ret;
}

/* Stops counting; the record may be freed after an RCU grace period. */
void ctlab_exits_unwatch(struct ctlab_container *c)
{
	lockdep_assert_held(&ctlab_lock);
	if (c->pid_ns && xa_cmpxchg(&ctlab_by_ns, c->pid_ns->ns.inum, c, NULL,
				    0) == c)
		WRITE_ONCE(ctlab_watched, ctlab_watched - 1);
}

/* The container @t is a member of, or NULL.  Caller holds RCU. */
static struct ctlab_container *ctlab_container_of(struct task_struct *t)
{
	struct pid_namespace *ns = task_active_pid_ns(t);
	struct ctlab_container *c;

	for (; ns && ns != &init_pid_ns; ns = ns->parent) {
		c = xa_load(&ctlab_by_ns, ns->ns.inum);
		if (c && c->pid_ns == ns)
			return c;
	}
	return NULL;
}

/* The probe: @t is the exiting thread, current. */
static void ctlab_task_exit(void *unused, struct task_struct *t)
{
	struct ctlab_container *c;
	unsigned long flags;

	if (!READ_ONCE(ctlab_watched) || task_active_pid_ns(t) == &init_pid_ns)
		return;
	rcu_read_lock();
	c = ctlab_container_of(t);
	if (c) {
		spin_lock_irqsave(&c->exit_lock, flags);
		c->gone.utime += READ_ONCE(t->utime);
		c->gone.stime += READ_ONCE(t->stime);
		c->gone.min_flt += READ_ONCE(t->min_flt);
		c->gone.maj_flt += READ_ONCE(t->maj_flt);
		spin_unlock_irqrestore(&c->exit_lock, flags);
	}
	rcu_read_unlock();
}

static void ctlab_find_exit_tp(struct tracepoint *tp, void *unused)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		ctlab_exit_tp = tp;
}

/* At load: attach the probe. */
int ctlab_exits_start(void)
{
	int ret;

	for_each_kernel_tracepoint(ctlab_find_exit_tp, NULL);
	if (!ctlab_exit_tp) {
		pr_err("no sched_process_exit tracepoint\n");
		return -ENOENT;
	}
	ret = tracepoint_probe_register(ctlab_exit_tp, ctlab_task_exit, NULL);
	if (ret)
		pr_err("cannot attach to sched_process_exit: %d\n", ret);
	return ret;
}

/* At unload: detach it, and wait until no CPU runs it any more. */
void ctlab_exits_stop(void)
{
	tracepoint_probe_unregister(ctlab_exit_tp, ctlab_task_exit, NULL);
	tracepoint_synchronize_unregister();
}
