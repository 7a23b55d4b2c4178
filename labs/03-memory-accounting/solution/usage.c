// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: what a container's members hold and have used.
 *
 * A container's members are the tasks of its PID namespace, so the module
 * needs no list of its own: it walks the namespace's PIDs, as /proc does
 * to list a directory, and asks each task.  Every task in a namespace
 * created inside the container has a PID in the container's namespace
 * too, so nested namespaces are walked as well.
 *
 * Memory belongs to an address space (mm), not to a task: the threads of
 * a process share one, so it is counted once per process, at its leader.
 * Rarely, two processes share one mm (vfork, clone(CLONE_VM)); those are
 * recognised because the mm has more users than the process has threads.
 *
 * CPU time and page faults are counted per thread; what exited threads
 * and reaped children used lives on in their process's signal_struct
 * (the numbers getrusage(RUSAGE_CHILDREN) reports), so it is added too.
 */
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include "compat.h"
#include "internal.h"

/* Address spaces shared by several processes, seen so far in one walk. */
#define CTLAB_SHARED_MMS 64

struct ctlab_mm_seen {
	const struct mm_struct *mm[CTLAB_SHARED_MMS];
	unsigned int nr;
};

/* True if @mm was counted already in this walk; remembers it if not. */
/* TODO 3/13: write
 *	static bool ctlab_mm_counted(struct ctlab_mm_seen *seen,
 *				     const struct mm_struct *mm)
 * and call it from ctlab_add_memory().  An mm whose mm_users is above
 * its process's thread count (get_nr_threads()) is shared with another
 * process (clone(CLONE_VM), vfork()): only the first of them may add it.
 */
static bool ctlab_mm_counted(struct ctlab_mm_seen *seen,
			     const struct mm_struct *mm)
{
	unsigned int i;

	for (i = 0; i < seen->nr; i++)
		if (seen->mm[i] == mm)
			return true;
	/* Past the table's end an mm shared by processes counts twice. */
	if (seen->nr < CTLAB_SHARED_MMS)
		seen->mm[seen->nr++] = mm;
	return false;
}

/* Adds a process's memory, if its address space is not counted yet. */
/* TODO 2/18: write
 *	static void ctlab_add_memory(struct ctlab_usage *u,
 *				     struct task_struct *leader,
 *				     struct ctlab_mm_seen *seen)
 * It adds @leader's resident pages to @u, in bytes: ctlab_mm_counter()
 * (compat.h) reads MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES and
 * MM_SWAPENTS.  The task may be exiting: exit_mm() takes task_lock()
 * to detach ->mm, so read it under the same lock.  No mm (a zombie) or
 * a kernel thread: nothing to add.
 */
static void ctlab_add_memory(struct ctlab_usage *u, struct task_struct *leader,
			     struct ctlab_mm_seen *seen)
{
	struct mm_struct *mm;

	/* task_lock keeps ->mm from being detached (exit_mm takes it). */
	task_lock(leader);
	mm = leader->mm;
	if (mm && !(leader->flags & PF_KTHREAD) &&
	    (atomic_read(&mm->mm_users) <= get_nr_threads(leader) ||
	     !ctlab_mm_counted(seen, mm))) {
		u->anon += ctlab_mm_counter(mm, MM_ANONPAGES) << PAGE_SHIFT;
		u->file += ctlab_mm_counter(mm, MM_FILEPAGES) << PAGE_SHIFT;
		u->shmem += ctlab_mm_counter(mm, MM_SHMEMPAGES) << PAGE_SHIFT;
		u->swap += ctlab_mm_counter(mm, MM_SWAPENTS) << PAGE_SHIFT;
	}
	task_unlock(leader);
}

/* What a process's exited threads and reaped children used. */
static void ctlab_add_signal(struct ctlab_usage *u, struct signal_struct *sig)
{
	u->utime += READ_ONCE(sig->utime) + READ_ONCE(sig->cutime);
	u->stime += READ_ONCE(sig->stime) + READ_ONCE(sig->cstime);
	u->min_flt += READ_ONCE(sig->min_flt) + READ_ONCE(sig->cmin_flt);
	u->maj_flt += READ_ONCE(sig->maj_flt) + READ_ONCE(sig->cmaj_flt);
}

static void ctlab_add_thread(struct ctlab_usage *u, struct task_struct *t)
{
	u->utime += READ_ONCE(t->utime);
	u->stime += READ_ONCE(t->stime);
	u->min_flt += READ_ONCE(t->min_flt);
	u->maj_flt += READ_ONCE(t->maj_flt);
	u->nr_threads++;
}

/*
 * The next task of @ns whose PID there is at least *@nr, and moves *@nr
 * past it; NULL after the last.  @type PIDTYPE_PID finds every thread,
 * PIDTYPE_TGID only processes.  Caller holds rcu_read_lock().
 */
static struct task_struct *ctlab_next_task(struct pid_namespace *ns, int *nr,
					   enum pid_type type)
{
	struct task_struct *t;
	struct pid *pid;

	while ((pid = find_ge_pid(*nr, ns))) {
		*nr = pid_nr_ns(pid, ns) + 1;
		/* A PID may name only a process group or session now. */
		t = pid_task(pid, type);
		if (t)
			return t;
	}
	return NULL;
}

/**
 * ctlab_usage_collect - add up what the tasks of a PID namespace hold
 * @ns: the container's PID namespace.
 * @u: zeroed by the caller; filled here.
 *
 * Takes no sleeping lock: the walk is under RCU, each task's mm under its
 * task_lock, so it may run while the caller holds ctlab_lock.
 */
void ctlab_usage_collect(struct pid_namespace *ns, struct ctlab_usage *u)
{
	/* TODO 1/14: walk the tasks of @ns, under rcu_read_lock():
	 * ctlab_next_task(ns, &nr, PIDTYPE_PID) returns each thread in turn,
	 * from nr = 1.  Every thread goes to ctlab_add_thread().  The leader
	 * of each process (thread_group_leader()) also counts as a process
	 * and brings its signal_struct (ctlab_add_signal()) and its memory
	 * (ctlab_add_memory()).  Why must memory be added per process, and
	 * not per thread?
	 */
	struct ctlab_mm_seen seen = { .nr = 0 };
	struct task_struct *t;
	int nr = 1;

	rcu_read_lock();
	while ((t = ctlab_next_task(ns, &nr, PIDTYPE_PID))) {
		ctlab_add_thread(u, t);
		if (thread_group_leader(t)) {
			u->nr_procs++;
			ctlab_add_signal(u, t->signal);
			ctlab_add_memory(u, t, &seen);
		}
	}
	rcu_read_unlock();
}

/**
 * ctlab_usage_of_exited - what a container used, as its init exits
 * @init: the container's init, exiting: every other member has been
 *	killed and reaped already (the kernel does that before it tells
 *	anyone that a namespace's init died).
 * @last: the latest sample, taken while the members were alive.
 * @u: filled here.
 *
 * What init's reaped children used is in init's signal_struct, except for
 * those the kernel killed at the namespace's shutdown: it reaps them
 * itself, without adding their usage to anyone.  Their part is known as
 * of @last only, so each total is the larger of the two views.
 *
 * Called with tasklist_lock held, so @init and its signal_struct stay.
 */
void ctlab_usage_of_exited(struct task_struct *init,
			   const struct ctlab_usage *last, struct ctlab_usage *u)
{
	memset(u, 0, sizeof(*u));
	ctlab_add_thread(u, init);
	ctlab_add_signal(u, init->signal);
	u->nr_threads = 0;
	u->min_flt = max(u->min_flt, last->min_flt);
	u->maj_flt = max(u->maj_flt, last->maj_flt);
	u->utime = max(u->utime, last->utime);
	u->stime = max(u->stime, last->stime);
}

/**
 * ctlab_kill_members - send SIGKILL to every process of a PID namespace
 * @ns: the container's PID namespace.
 *
 * Killing init alone would do in the end (the kernel kills a namespace's
 * tasks when its init dies), but init may be blocked; killing everyone at
 * once is quicker and does not depend on it.
 */
void ctlab_kill_members(struct pid_namespace *ns)
{
	struct task_struct *t;
	int nr = 1;

	rcu_read_lock();
	while ((t = ctlab_next_task(ns, &nr, PIDTYPE_TGID)))
		send_sig_info(SIGKILL, SEND_SIG_PRIV, t);
	rcu_read_unlock();
}
