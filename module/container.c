// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: the container records and their life: create, enter, exit,
 * free.
 *
 * The records sit on one list, in id order, under one mutex (ctlab_lock):
 * a kit has tens of containers, not millions, and one lock is easy to
 * reason about.  A container becomes RUNNING when its init calls ENTER and
 * EXITED when that init dies.  The module learns of the death the way a
 * pidfd does: it waits on the init's struct pid, which the kernel wakes
 * when the process has exited (after it has killed and reaped the rest of
 * the namespace).  So no one polls, and no kernel function is hooked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/ipc_namespace.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "internal.h"

DEFINE_MUTEX(ctlab_lock);
LIST_HEAD(ctlab_containers);
static unsigned int ctlab_nr_containers;	/* under ctlab_lock */

/**
 * ctlab_name_valid - is @name a valid container name?
 * @name: CTLAB_NAME_MAX bytes from userland.
 *
 * Return: 1 if it is 1 to 31 characters of [A-Za-z0-9_.-] ending in a NUL
 * and is neither "." nor "..", else 0.
 */
int ctlab_name_valid(const char *name)
{
	size_t len = strnlen(name, CTLAB_NAME_MAX);
	size_t i;

	if (len == 0 || len == CTLAB_NAME_MAX)
		return 0;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
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
	struct list_head *before = &ctlab_containers;
	struct ctlab_container *other;
	u32 id = 1;

	lockdep_assert_held(&ctlab_lock);
	if (ctlab_find_by_name(c->name))
		return -EEXIST;
	if (ctlab_nr_containers >= CTLAB_MAX_CONTAINERS)
		return -ENOSPC;
	list_for_each_entry(other, &ctlab_containers, node) {
		if (other->id != id) {
			before = &other->node;
			break;
		}
		id++;
	}
	c->id = id;
	list_add_tail(&c->node, before);
	ctlab_nr_containers++;
	return 0;
}

/* Takes a record off the list; its references are dropped by the caller. */
void ctlab_container_unlink(struct ctlab_container *c)
{
	lockdep_assert_held(&ctlab_lock);
	if (list_empty(&c->node))
		return;
	list_del_init(&c->node);
	ctlab_nr_containers--;
}

/* Drops a reference; the last one frees the record. */
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
	ctlab_free(c);
}

struct ctlab_container *ctlab_find(u32 id)
{
	struct ctlab_container *c;

	lockdep_assert_held(&ctlab_lock);
	list_for_each_entry(c, &ctlab_containers, node)
		if (c->id == id)
			return c;
	return NULL;
}

struct ctlab_container *ctlab_find_by_name(const char *name)
{
	struct ctlab_container *c;

	lockdep_assert_held(&ctlab_lock);
	list_for_each_entry(c, &ctlab_containers, node)
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

	lockdep_assert_held(&ctlab_lock);
	for (; ns && ns != &init_pid_ns; ns = ns->parent)
		list_for_each_entry(c, &ctlab_containers, node)
			if (c->pid_ns == ns)
				return c;
	return NULL;
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
		ctlab_usage_of_exited(init, &c->usage, &c->final);
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

	if (ns == &init_pid_ns || task_tgid_nr_ns(current, ns) != 1)
		return false;
	list_for_each_entry(c, &ctlab_containers, node)
		if (c->pid_ns == ns)
			return false;
	return true;
}

/**
 * ctlab_container_enter - make the calling task the container's init
 * @c: a container in state CREATED.  Caller holds ctlab_lock.
 *
 * Return: 0, -EBUSY if @c is not waiting for its init, or -EINVAL if the
 * caller is not in the namespaces and cgroup the container requires.
 */
int ctlab_container_enter(struct ctlab_container *c)
{
	unsigned long flags;

	lockdep_assert_held(&ctlab_lock);
	if (c->dying || ctlab_container_state(c) != CTLAB_STATE_CREATED)
		return -EBUSY;
	if (!ctlab_is_new_init() || !ctlab_has_namespaces(c->namespaces))
		return -EINVAL;
	if (c->memcg && !ctlab_memcg_holds_current(c))
		return -EINVAL;

	c->init_pid = get_pid(task_tgid(current));
	c->pid_ns = get_pid_ns(task_active_pid_ns(current));
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
	struct ctlab_container *c, *next;

	mutex_lock(&ctlab_lock);
	list_for_each_entry_safe(c, next, &ctlab_containers, node) {
		ctlab_container_unlink(c);
		ctlab_container_put(c);
	}
	mutex_unlock(&ctlab_lock);
}
