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
 * CPU time and page faults are counted per live thread here; what
 * exited threads used, exits.c counted as they exited.
 */
#include <linux/fdtable.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include "compat.h"
#include "internal.h"

/* One page counter of a process, in bytes. */
#define ctlab_pages(leader, mm, member) \
	((u64)ctlab_mm_counter_exact(leader, mm, member) << PAGE_SHIFT)

/* Tasks walked between two chances to reschedule. */
#define CTLAB_WALK_BATCH 256

/* Address spaces shared by several processes, seen so far in one walk. */
#define CTLAB_SHARED_MMS 64

struct ctlab_mm_seen {
	const struct mm_struct *mm[CTLAB_SHARED_MMS];
	unsigned int nr;
};

/* True if @mm was counted already in this walk; remembers it if not. */
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

/*
 * Adds a process's memory, if its address space is not counted yet.  The
 * mm is taken from any thread that still has one: a leader that called
 * pthread_exit() is a zombie without an mm while its threads run on.
 */
static void ctlab_add_memory(struct ctlab_usage *u, struct task_struct *leader,
			     struct ctlab_mm_seen *seen)
{
	struct task_struct *t;
	struct mm_struct *mm;

	if (leader->flags & PF_KTHREAD)
		return;
	for_each_thread(leader, t) {
		/* task_lock keeps ->mm from being detached (exit_mm). */
		task_lock(t);
		mm = t->mm;
		if (mm && (atomic_read(&mm->mm_users) <= get_nr_threads(leader) ||
			   !ctlab_mm_counted(seen, mm))) {
			u->anon += ctlab_pages(leader, mm, MM_ANONPAGES);
			u->file += ctlab_pages(leader, mm, MM_FILEPAGES);
			u->shmem += ctlab_pages(leader, mm, MM_SHMEMPAGES);
			u->swap += ctlab_pages(leader, mm, MM_SWAPENTS);
			u->vm += (u64)READ_ONCE(mm->total_vm) << PAGE_SHIFT;
		}
		task_unlock(t);
		if (mm)
			return;
	}
}

static void ctlab_add_thread(struct ctlab_usage *u, struct task_struct *t)
{
	u->nr_threads++;
	/* Past the exit tracepoint, or about to be: exits.c counts it. */
	if (t->flags & PF_EXITING)
		return;
	u->utime += READ_ONCE(t->utime);
	u->stime += READ_ONCE(t->stime);
	u->min_flt += READ_ONCE(t->min_flt);
	u->maj_flt += READ_ONCE(t->maj_flt);
}

/*
 * Adds a process's open files.  Its threads share one file table; two
 * processes that share one (clone(CLONE_FILES)) are counted twice.
 * Caller holds rcu_read_lock(), which keeps the fdtable.
 */
static void ctlab_add_files(struct ctlab_usage *u, struct task_struct *leader)
{
	struct files_struct *files;
	struct task_struct *t;
	struct fdtable *fdt;

	/* From any thread that has it: a zombie leader has let it go. */
	for_each_thread(leader, t) {
		task_lock(t);
		files = t->files;
		if (files) {
			fdt = files_fdtable(files);
			u->nr_files += bitmap_weight(fdt->open_fds,
						     fdt->max_fds);
		}
		task_unlock(t);
		if (files)
			return;
	}
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
 * Takes no lock of the module's: the walk is under RCU, each task's mm
 * under its task_lock.  It may sleep, between batches of tasks.
 */
void ctlab_usage_collect(struct pid_namespace *ns, struct ctlab_usage *u)
{
	struct ctlab_mm_seen seen = { .nr = 0 };
	struct task_struct *t;
	unsigned int walked = 0;
	int nr = 1;

	rcu_read_lock();
	while ((t = ctlab_next_task(ns, &nr, PIDTYPE_PID))) {
		ctlab_add_thread(u, t);
		if (thread_group_leader(t)) {
			u->nr_procs++;
			ctlab_add_memory(u, t, &seen);
			ctlab_add_files(u, t);
		}
		/*
		 * A container of thousands of tasks must not keep the CPU
		 * or hold up RCU: let others run now and then.  The walk
		 * goes on from PID nr, which needs no reference.
		 */
		if (++walked % CTLAB_WALK_BATCH == 0) {
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
}

/**
 * ctlab_kill_members - send SIGKILL to every process of a PID namespace
 * @ns: the container's PID namespace.
 *
 * Killing init alone would do in the end (the kernel kills a namespace's
 * tasks when its init dies), but init may be blocked; killing everyone at
 * once is quicker and does not depend on it.  The signal goes to each
 * whole process, as kill(2) sends it: sent to a leader that has exited
 * while its threads run, it would wait unseen in that zombie's queue.
 */
void ctlab_kill_members(struct pid_namespace *ns)
{
	struct task_struct *t;
	int nr = 1;

	rcu_read_lock();
	while ((t = ctlab_next_task(ns, &nr, PIDTYPE_TGID)))
		kill_pid(task_tgid(t), SIGKILL, 1);
	rcu_read_unlock();
}
