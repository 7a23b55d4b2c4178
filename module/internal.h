/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctlab.ko: declarations shared between the module's files.
 * Nothing here is ABI; the ABI is include/uapi/linux/ctlab.h.
 *
 * Who does what:
 *   main.c       the misc device /dev/ctlab: open, read, poll, ioctl
 *   ioctl.c      one function per ioctl command
 *   container.c  the container records: create, find, enter, exit, free
 *   usage.c      walks a container's PID namespace: memory, CPU, kill
 *   memcg.c      the container's cgroup: its limits and its charge
 *   sampler.c    samples running containers every few ms; events
 *   exits.c      counts what members used as they exit
 *   account.c    ACCOUNT: the cgroup's own counters
 *   table.c      the text table read() returns
 */
#ifndef CTLAB_INTERNAL_H
#define CTLAB_INTERNAL_H

#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/xarray.h>
#include <uapi/linux/ctlab.h>

struct mem_cgroup;
struct pid_namespace;

/**
 * struct ctlab_usage - what a container's members hold and have used
 *
 * Filled by ctlab_usage_collect() from the tasks alive at that moment;
 * the sampler adds what exited members used (exits.c).  Memory in bytes,
 * times in ns.
 */
struct ctlab_usage {
	u64 anon, file, shmem, swap;
	u64 vm;				/* virtual size, privvmpages */
	u64 min_flt, maj_flt;
	u64 utime, stime;
	u32 nr_procs, nr_threads;
	u32 nr_files;			/* open files */
};

/**
 * struct ctlab_memcg_usage - what the container's cgroup reports
 * @charge, @charge_peak, @max, @high: bytes; @max and @high are
 *	U64_MAX when unlimited.
 * @max_events: how many times the charge hit memory.max.
 * @oom_kills: how many tasks the OOM killer killed in it.
 */
struct ctlab_memcg_usage {
	u64 charge, charge_peak, max, high;
	u64 max_events, oom_kills;
};

/**
 * struct ctlab_container - one container
 *
 * Locking: ctlab_lock (a mutex) protects the xarray and the list of
 * containers and every field below not marked otherwise.  exit_lock (a spinlock, taken
 * with interrupts off) protects the fields marked [exit_lock]: the exit
 * callback writes some, in the exiting task with the kernel's
 * tasklist_lock held, where no mutex may be taken; the sampler writes
 * the others without ctlab_lock, so that it never holds up a command.
 * limit_lock serialises the writes of the cgroup's limit files, which
 * may reclaim and OOM-kill for a long time: they are made without
 * ctlab_lock.
 *
 * References (@refs): the xarray holds one; whoever uses the record
 * without ctlab_lock (DESTROY while it waits, SET_LIMIT while it writes,
 * the sampler while it walks) holds another.  The record holds references
 * on @init_pid, @pid_ns, @cgroup_dir and @memcg, dropped when it is
 * freed; the memory itself is freed after an RCU grace period, because
 * the sampler finds records under RCU.
 */
struct ctlab_container {
	struct list_head node;		/* on ctlab_containers */
	refcount_t refs;
	struct rcu_head rcu;
	u32 id;
	char name[CTLAB_NAME_MAX];
	u32 namespaces;
	u32 on_limit;
	u64 limit, barrier;
	bool dying;			/* DESTROY has begun */
	struct mutex limit_lock;

	/* Set by ENTER; NULL before. */
	struct pid *init_pid;
	struct pid_namespace *pid_ns;
	struct file *cgroup_dir;	/* set by CREATE, may stay NULL */
	struct mem_cgroup *memcg;	/* set by CREATE with @cgroup_dir */

	/* Kept by the sampler (sampler.c), all [exit_lock]. */
	struct ctlab_usage usage;	/* the latest sample */
	u64 rss_peak;
	u64 privvm_peak;
	u32 nr_procs_peak;
	u64 max_events_seen;		/* to notice a new limit hit */
	/* What exited members used (exits.c): times and faults only. */
	struct ctlab_usage gone;		/* [exit_lock] */

	u64 created, started;

	/* Written when init exits. */
	spinlock_t exit_lock;
	struct wait_queue_entry exit_wait;	/* on init_pid->wait_pidfd */
	u32 state;			/* [exit_lock] */
	s32 exit_status;		/* [exit_lock] */
	u64 exited;			/* [exit_lock] */
	struct ctlab_usage final;	/* [exit_lock] what init left behind */
};

/**
 * struct ctlab_snapshot - a container's [exit_lock] fields, copied at once
 * @usage: the latest sample, or what init left behind once it exited.
 * @rss_peak, @privvm_peak, @nr_procs_peak: as in struct ctlab_container.
 * @state, @exit_status, @exited: as in struct ctlab_container.
 */
struct ctlab_snapshot {
	struct ctlab_usage usage;
	u64 rss_peak;
	u64 privvm_peak;
	u32 nr_procs_peak;
	u32 state;
	s32 exit_status;
	u64 exited;
};

/**
 * struct ctlab_reader - one open file of /dev/ctlab
 * @events_seen: ctlab_event_count() when it last read the table; poll()
 *	reports the file readable once the count has moved on.
 */
struct ctlab_reader {
	u64 events_seen;
};

/*
 * Objects the module has allocated and not yet freed (records, readers):
 * it must be 0 once the module is unloaded, and ctlab_exit() says so in
 * the kernel log if not.  This is how the tests count leaks exactly.
 * Records and readers come from ctlab_zalloc() and go to ctlab_free().
 */
extern atomic_t ctlab_objects;
void *ctlab_zalloc(size_t size);
void ctlab_free(const void *p);

extern struct mutex ctlab_lock;
extern struct xarray ctlab_ids;
extern struct list_head ctlab_containers;

/* container.c */
int ctlab_name_valid(const char *name);
struct ctlab_container *ctlab_container_alloc(const struct ctlab_create *req);
int ctlab_container_add(struct ctlab_container *c);
bool ctlab_container_listed(struct ctlab_container *c);
void ctlab_container_unlink(struct ctlab_container *c);
void ctlab_container_put(struct ctlab_container *c);
struct ctlab_container *ctlab_get_next(unsigned long *id);
struct ctlab_container *ctlab_find(u32 id);
struct ctlab_container *ctlab_find_by_name(const char *name);
struct ctlab_container *ctlab_caller_container(void);
bool ctlab_visible(const struct ctlab_container *c);
bool ctlab_memcg_taken(struct mem_cgroup *memcg);
void ctlab_snapshot(struct ctlab_container *c, struct ctlab_snapshot *s);
int ctlab_container_enter(struct ctlab_container *c);
u32 ctlab_container_state(struct ctlab_container *c);
void ctlab_destroy_all(void);

/* usage.c */
void ctlab_usage_collect(struct pid_namespace *ns, struct ctlab_usage *u);
void ctlab_kill_members(struct pid_namespace *ns);

/* memcg.c */
int ctlab_memcg_bind(struct ctlab_container *c, int cgroup_fd);
bool ctlab_memcg_holds_current(struct ctlab_container *c);
int ctlab_memcg_set_limits(struct ctlab_container *c, u64 limit,
			   u64 barrier);
void ctlab_memcg_read(struct ctlab_container *c,
		      struct ctlab_memcg_usage *m);
void ctlab_memcg_reset_peak(struct ctlab_container *c);
void ctlab_memcg_release(struct ctlab_container *c);

/* sampler.c */
unsigned int ctlab_sample(struct ctlab_container *c);
/*
 * Lab 03's sampler.c and usage.c, which students write, define these
 * two as the kit had them before; the module itself no longer uses them.
 */
void ctlab_usage_latest(struct ctlab_container *c, struct ctlab_usage *u);
void ctlab_usage_of_exited(struct task_struct *init,
			   const struct ctlab_usage *last, struct ctlab_usage *u);
void ctlab_sampler_start(void);
void ctlab_sampler_stop(void);
void ctlab_event(void);
u64 ctlab_event_count(void);
extern wait_queue_head_t ctlab_event_wq;

/* exits.c */
int ctlab_exits_watch(struct ctlab_container *c);
void ctlab_exits_unwatch(struct ctlab_container *c);
int ctlab_exits_start(void);
void ctlab_exits_stop(void);

/* account.c */
int ctlab_account_fill(struct ctlab_container *c, struct ctlab_account *a);

/* table.c */
struct seq_file;
int ctlab_table_show(struct seq_file *m, void *unused);

/* ioctl.c */
long ctlab_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* CTLAB_INTERNAL_H */
