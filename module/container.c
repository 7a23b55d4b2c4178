// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: the container records and their life: create, enter, exit,
 * free.
 *
 * The records sit in an xarray indexed by id (ctlab_ids), changed under
 * one mutex (ctlab_lock): a kit has tens of containers, not millions, and
 * one lock is easy to reason about.  The sampler reads the xarray under
 * RCU instead, so it never waits for a command, nor a command for it;
 * that is why a record is freed only after an RCU grace period.
 *
 * A container becomes RUNNING when its init calls ENTER and EXITED when
 * that init dies.  The module learns of the death the way a
 * pidfd does: it waits on the init's struct pid, which the kernel wakes
 * when the process has exited (after it has killed and reaped the rest of
 * the namespace).  So no one polls, and no kernel function is hooked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ipc_namespace.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "internal.h"

/* Serialises the commands that change containers; see internal.h. */
DEFINE_MUTEX(ctlab_lock);
/* Ids from 1: 0 means "look it up by name" in STATS. */
DEFINE_XARRAY_ALLOC1(ctlab_ids);
/*
 * The same records in id order, under ctlab_lock, for code that walks
 * them with the lock held (lab 03's sampler.c does).
 */
LIST_HEAD(ctlab_containers);

/**
 * ctlab_name_valid - is @name a valid container name?
 * @name: CTLAB_NAME_MAX bytes from userland.
 *
 * Return: 1 if it follows the rule of the ABI header (the one libctlab
 * follows too) and ends in a NUL, else 0.
 */
int ctlab_name_valid(const char *name)
{
	size_t len = strnlen(name, CTLAB_NAME_MAX);
	size_t i;

	if (len == 0 || len == CTLAB_NAME_MAX || !CTLAB_NAME_FIRST_OK(name[0]))
		return 0;
	for (i = 1; i < len; i++)
		if (!CTLAB_NAME_CHAR_OK(name[i]))
			return 0;
	return 1;
}

/* Allocates a record from a checked CREATE request. */
struct ctlab_container *ctlab_container_alloc(const struct ctlab_create *req)
{
	struct ctlab_container *c;

	c = ctlab_zalloc(sizeof(*c));
	if (!c)
		return NULL;
	INIT_LIST_HEAD(&c->node);
	refcount_set(&c->refs, 1);
	/*
	 * Not the bytes after the NUL: they are the caller's, not ours to
	 * show to others.
	 */
	strscpy_pad(c->name, req->name, CTLAB_NAME_MAX);
	c->namespaces = req->namespaces;
	c->on_limit = req->on_limit;
	c->limit = req->limit;
	c->barrier = req->barrier;
	c->created = ktime_get_boottime_ns();
	spin_lock_init(&c->exit_lock);
	mutex_init(&c->limit_lock);
	c->state = CTLAB_STATE_CREATED;
	return c;
}

/**
 * ctlab_container_add - give a new record an id and list it
 * @c: from ctlab_container_alloc().
 *
 * The id is the smallest unused one above 0, so ids stay small numbers a
 * student can type.  Caller holds ctlab_lock.
 *
 * Return: 0, -EEXIST if the name is taken, -ENOSPC if there are too many.
 */
int ctlab_container_add(struct ctlab_container *c)
{
	struct ctlab_container *other;
	int ret;

	lockdep_assert_held(&ctlab_lock);
	if (ctlab_find_by_name(c->name))
		return -EEXIST;
	ret = xa_alloc(&ctlab_ids, &c->id, c,
		       XA_LIMIT(1, CTLAB_MAX_CONTAINERS), GFP_KERNEL);
	if (ret)
		return ret == -EBUSY ? -ENOSPC : ret;
	list_for_each_entry(other, &ctlab_containers, node)
		if (other->id > c->id)
			break;
	list_add_tail(&c->node, &other->node);
	return 0;
}

/* Is @c in the xarray still (not unlinked by a DESTROY)? */
bool ctlab_container_listed(struct ctlab_container *c)
{
	lockdep_assert_held(&ctlab_lock);
	return c->id && xa_load(&ctlab_ids, c->id) == c;
}

/* Takes a record out of the xarray; its references are dropped by the caller. */
void ctlab_container_unlink(struct ctlab_container *c)
{
	lockdep_assert_held(&ctlab_lock);
	if (!ctlab_container_listed(c))
		return;
	xa_erase(&ctlab_ids, c->id);
	list_del_init(&c->node);
	ctlab_exits_unwatch(c);
}

static void ctlab_container_free_rcu(struct rcu_head *rcu)
{
	ctlab_free(container_of(rcu, struct ctlab_container, rcu));
}

/*
 * Drops a reference; the last one frees the record, after the sampler
 * (which finds records under RCU) can no longer be looking at it.
 */
void ctlab_container_put(struct ctlab_container *c)
{
	if (!refcount_dec_and_test(&c->refs))
		return;
	/* After this, the exit callback cannot be running or run again. */
	if (c->init_pid)
		remove_wait_queue(&c->init_pid->wait_pidfd, &c->exit_wait);
	put_pid(c->init_pid);
	if (c->pid_ns)
		put_pid_ns(c->pid_ns);
	ctlab_memcg_release(c);
	call_rcu(&c->rcu, ctlab_container_free_rcu);
}

/**
 * ctlab_get_next - the next container, for a walk that holds no lock
 * @id: in: the first id to look at; out: the id to go on from.
 *
 * Return: the container with the smallest id from *@id on, with a
 * reference the caller drops with ctlab_container_put(); NULL after the
 * last one.
 */
struct ctlab_container *ctlab_get_next(unsigned long *id)
{
	struct ctlab_container *c;

	rcu_read_lock();
	while ((c = xa_find(&ctlab_ids, id, ULONG_MAX, XA_PRESENT)) &&
	       !refcount_inc_not_zero(&c->refs))
		(*id)++;		/* being freed: skip it */
	rcu_read_unlock();
	if (c)
		(*id)++;
	return c;
}

struct ctlab_container *ctlab_find(u32 id)
{
	lockdep_assert_held(&ctlab_lock);
	return id ? xa_load(&ctlab_ids, id) : NULL;
}

struct ctlab_container *ctlab_find_by_name(const char *name)
{
	struct ctlab_container *c;
	unsigned long id;

	lockdep_assert_held(&ctlab_lock);
	xa_for_each(&ctlab_ids, id, c)
		if (!strncmp(c->name, name, CTLAB_NAME_MAX))
			return c;
	return NULL;
}

/*
 * The container the caller is in, or NULL.  A task is in a container if
 * its PID namespace is the container's or one nested inside it.
 */
struct ctlab_container *ctlab_caller_container(void)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct ctlab_container *c;
	unsigned long id;

	lockdep_assert_held(&ctlab_lock);
	for (; ns && ns != &init_pid_ns; ns = ns->parent)
		xa_for_each(&ctlab_ids, id, c)
			if (c->pid_ns == ns)
				return c;
	return NULL;
}

/* Is @memcg the cgroup of a container already?  Caller holds ctlab_lock. */
bool ctlab_memcg_taken(struct mem_cgroup *memcg)
{
	struct ctlab_container *c;
	unsigned long id;

	lockdep_assert_held(&ctlab_lock);
	xa_for_each(&ctlab_ids, id, c)
		if (c->memcg == memcg)
			return true;
	return false;
}

/* A task inside a container sees its own container only. */
bool ctlab_visible(const struct ctlab_container *c)
{
	struct ctlab_container *own = ctlab_caller_container();

	return !own || own == c;
}

u32 ctlab_container_state(struct ctlab_container *c)
{
	unsigned long flags;
	u32 state;

	spin_lock_irqsave(&c->exit_lock, flags);
	state = c->state;
	spin_unlock_irqrestore(&c->exit_lock, flags);
	return state;
}

/**
 * ctlab_snapshot - a container's accounting and state, as of now
 * @c: any container, held by a reference or ctlab_lock.
 * @s: filled: zeroes before ENTER, the latest sample while it runs, what
 *	its init left behind once it has exited.
 */
void ctlab_snapshot(struct ctlab_container *c, struct ctlab_snapshot *s)
{
	unsigned long flags;

	spin_lock_irqsave(&c->exit_lock, flags);
	s->usage = c->state == CTLAB_STATE_EXITED ? c->final : c->usage;
	s->rss_peak = c->rss_peak;
	s->privvm_peak = c->privvm_peak;
	s->nr_procs_peak = c->nr_procs_peak;
	s->state = c->state;
	s->exit_status = c->exit_status;
	s->exited = c->exited;
	spin_unlock_irqrestore(&c->exit_lock, flags);
}

/*
 * Called by the kernel, through the wait queue of init's struct pid, when
 * init has exited.  It runs in the exiting task with tasklist_lock held
 * and interrupts off: it may only note the exit and wake the readers.
 */
static int ctlab_init_exited(struct wait_queue_entry *wait, unsigned int mode,
			     int sync, void *key)
{
	struct ctlab_container *c = container_of(wait, struct ctlab_container,
						 exit_wait);
	struct task_struct *init;
	unsigned long flags;
	bool changed = false;

	init = pid_task(c->init_pid, PIDTYPE_TGID);
	if (!init || !(init->flags & PF_EXITING) || !thread_group_empty(init))
		return 0;

	spin_lock_irqsave(&c->exit_lock, flags);
	if (c->state == CTLAB_STATE_RUNNING) {
		/* The status wait(2) would report, as in wait_task_zombie(). */
		c->exit_status = (init->signal->flags & SIGNAL_GROUP_EXIT) ?
			init->signal->group_exit_code : init->exit_code;
		c->exited = ktime_get_boottime_ns();
		/*
		 * Every member has exited and been counted by exits.c
		 * (the kernel kills and reaps the rest of the namespace
		 * before it reports init's death).
		 */
		memset(&c->final, 0, sizeof(c->final));
		c->final.utime = c->gone.utime;
		c->final.stime = c->gone.stime;
		c->final.min_flt = c->gone.min_flt;
		c->final.maj_flt = c->gone.maj_flt;
		c->state = CTLAB_STATE_EXITED;
		changed = true;
	}
	spin_unlock_irqrestore(&c->exit_lock, flags);
	if (changed)
		ctlab_event();
	return 0;
}

/* Does the caller have a namespace of its own of every kind required? */
static bool ctlab_has_namespaces(u32 required)
{
	const struct nsproxy *own = current->nsproxy;
	/* init_nsproxy is not exported; init_task's is the same one. */
	const struct nsproxy *initial = init_task.nsproxy;
	u32 have = 0;

	if (own->mnt_ns != initial->mnt_ns)
		have |= CTLAB_NS_MNT;
	if (own->uts_ns != initial->uts_ns)
		have |= CTLAB_NS_UTS;
	if (own->ipc_ns != initial->ipc_ns)
		have |= CTLAB_NS_IPC;
	if (own->net_ns != initial->net_ns)
		have |= CTLAB_NS_NET;
	if (own->cgroup_ns != initial->cgroup_ns)
		have |= CTLAB_NS_CGROUP;
	if (current_user_ns() != &init_user_ns)
		have |= CTLAB_NS_USER;
	return (have & required) == required;
}

/* Is the caller PID 1 of a PID namespace that is no container's yet? */
static bool ctlab_is_new_init(void)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct ctlab_container *c;
	unsigned long id;

	if (ns == &init_pid_ns || task_tgid_nr_ns(current, ns) != 1)
		return false;
	xa_for_each(&ctlab_ids, id, c)
		if (c->pid_ns == ns)
			return false;
	return true;
}

/**
 * ctlab_container_enter - make the calling task the container's init
 * @c: a container in state CREATED.  Caller holds ctlab_lock.
 *
 * Return: 0, -EBUSY if @c is not waiting for its init, -EINVAL if the
 * caller is not in the namespaces and cgroup the container requires, or
 * -ENOMEM.
 */
int ctlab_container_enter(struct ctlab_container *c)
{
	unsigned long flags;
	int ret;

	lockdep_assert_held(&ctlab_lock);
	if (c->dying || ctlab_container_state(c) != CTLAB_STATE_CREATED)
		return -EBUSY;
	if (!ctlab_is_new_init() || !ctlab_has_namespaces(c->namespaces))
		return -EINVAL;
	if (c->memcg && !ctlab_memcg_holds_current(c))
		return -EINVAL;

	c->pid_ns = get_pid_ns(task_active_pid_ns(current));
	ret = ctlab_exits_watch(c);
	if (ret) {
		put_pid_ns(c->pid_ns);
		c->pid_ns = NULL;
		return ret;
	}
	c->init_pid = get_pid(task_tgid(current));
	c->started = ktime_get_boottime_ns();
	init_waitqueue_func_entry(&c->exit_wait, ctlab_init_exited);
	add_wait_queue(&c->init_pid->wait_pidfd, &c->exit_wait);

	spin_lock_irqsave(&c->exit_lock, flags);
	c->state = CTLAB_STATE_RUNNING;
	spin_unlock_irqrestore(&c->exit_lock, flags);

	/* STATS right after ENTER must already count init. */
	ctlab_sample(c);
	ctlab_sampler_start();
	ctlab_event();
	return 0;
}

/*
 * On unload: forget every container.  Their tasks go on running, no
 * longer accounted; each record's exit callback is removed first.
 */
void ctlab_destroy_all(void)
{
	struct ctlab_container *c;
	unsigned long id;

	mutex_lock(&ctlab_lock);
	xa_for_each(&ctlab_ids, id, c) {
		ctlab_container_unlink(c);
		ctlab_container_put(c);
	}
	mutex_unlock(&ctlab_lock);
	/* Let the records' RCU callbacks run before the module goes. */
	rcu_barrier();
}
