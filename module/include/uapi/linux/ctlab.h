/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ctlab: the ABI of /dev/ctlab, shared by ctlab.ko and libctlab.
 *
 * This is the only file both sides include, so it is the contract: every
 * struct has a fixed layout on 32- and 64-bit userland (fixed-width types,
 * natural alignment, explicit reserved words), every command has its own
 * number that is never reused, and every reserved field must be zero so
 * that it can be given a meaning later without breaking old programs.
 *
 * The model is OpenVZ's beancounters.  A container is a record in the
 * module: a name, a memory limit, and, once a task has entered it, a PID
 * namespace.  The kernel, not userland, decides who is a member: every
 * task in that PID namespace, including those forked later.  The life of
 * a container:
 *
 *   CREATE      the record exists, state CREATED, no tasks yet
 *   ENTER       userland has cloned a task into new namespaces; that task
 *               asks to become the container's init; state RUNNING
 *   (init exits, the kernel kills the rest)    state EXITED
 *   DESTROY     kills every member, waits for them, frees the record
 *
 * Sizes are in bytes, times in nanoseconds (CLOCK_BOOTTIME for instants).
 * Every command returns 0 on success or -1 with errno set; the errno
 * values each command can return are listed beside it.  Any command
 * answers EFAULT for an argument that is not readable or writable memory,
 * EINVAL for a non-zero reserved field, and ENOTTY for a command this
 * module does not know.
 */
#ifndef _UAPI_LINUX_CTLAB_H
#define _UAPI_LINUX_CTLAB_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * The ABI version.  The major number changes when an existing command or
 * struct changes incompatibly; libctlab refuses to talk to a module whose
 * major differs.  The minor number grows when commands are added.
 */
#define CTLAB_ABI_MAJOR 1
#define CTLAB_ABI_MINOR 2	/* 1.2: ACCOUNT */

/* 0xC7 is free in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define CTLAB_IOC_MAGIC 0xC7

/*
 * A name: 1 to 31 characters, NUL-terminated, of ASCII letters, digits,
 * '_', '.' and '-', the first a letter, a digit or '_'.  So it can name a
 * directory (libctlab's cgroup, /run/ctlab/NAME) and never be ".", "..",
 * a hidden file or an option ("-rf").  Bytes above 0x7F are never part
 * of a name: the kernel's isalnum() takes Latin-1 letters, a terminal
 * shows them as it likes.  The module and libctlab both test a name
 * with these two macros, so they cannot disagree.
 */
#define CTLAB_NAME_MAX 32
#define CTLAB_NAME_FIRST_OK(c)					\
	(((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') ||	\
	 ((c) >= '0' && (c) <= '9') || (c) == '_')
#define CTLAB_NAME_CHAR_OK(c)					\
	(CTLAB_NAME_FIRST_OK(c) || (c) == '.' || (c) == '-')

/* At most this many containers exist at once. */
#define CTLAB_MAX_CONTAINERS 1024

/*
 * The namespaces a container requires its init to be in (besides PID,
 * which every container has: it is how the kernel finds the members).
 */
#define CTLAB_NS_MNT	(1U << 0)
#define CTLAB_NS_UTS	(1U << 1)
#define CTLAB_NS_IPC	(1U << 2)
#define CTLAB_NS_NET	(1U << 3)
#define CTLAB_NS_CGROUP	(1U << 4)
#define CTLAB_NS_USER	(1U << 5)
#define CTLAB_NS_ALL	0x3fU

/* What happens when the container's memory reaches its limit. */
#define CTLAB_ON_LIMIT_OOM	0	/* the OOM killer picks one member */
#define CTLAB_ON_LIMIT_KILL_ALL	1	/* every member is killed */

/* The state of a container. */
#define CTLAB_STATE_CREATED	0	/* no task has entered yet */
#define CTLAB_STATE_RUNNING	1	/* its init is alive */
#define CTLAB_STATE_EXITED	2	/* its init has exited */

/**
 * struct ctlab_version - the ABI version the module speaks
 * @abi_major: %CTLAB_ABI_MAJOR of the running module.
 * @abi_minor: %CTLAB_ABI_MINOR of the running module.
 * @reserved: always zero on return.
 */
struct ctlab_version {
	__u32 abi_major;
	__u32 abi_minor;
	__u32 reserved[6];
};

/**
 * struct ctlab_create - a new container
 * @name: its name, unique among all containers.
 * @limit: the most memory its members may hold, or 0 for no limit.
 * @barrier: the soft limit: above it the kernel reclaims the container's
 *	memory and slows its allocations down; 0 for none.  Not above @limit.
 * @namespaces: the %CTLAB_NS_* kinds its init must have new ones of.
 * @on_limit: %CTLAB_ON_LIMIT_OOM or %CTLAB_ON_LIMIT_KILL_ALL.
 * @cgroup_fd: an open cgroup v2 directory with the memory controller
 *	enabled, which the container's init will be in; -1 for none.  The
 *	module enforces @limit and @barrier by setting the cgroup's
 *	memory.max and memory.high, and reports its charge.  Required
 *	when @limit or @barrier is set.
 * @id: out: the container's id, never 0.
 * @reserved: must be zero.
 */
struct ctlab_create {
	char name[CTLAB_NAME_MAX];
	__u64 limit;
	__u64 barrier;
	__u32 namespaces;
	__u32 on_limit;
	__s32 cgroup_fd;
	__u32 id;
	__u32 reserved[6];
};

/**
 * struct ctlab_id - names one container, for commands that need no more
 * @id: the container's id.
 * @reserved: must be zero.
 */
struct ctlab_id {
	__u32 id;
	__u32 reserved[3];
};

/**
 * struct ctlab_list - the ids of the containers the caller may see
 * @ids: the address of an array of __u32 that receives the ids, in
 *	increasing order.
 * @count: in: how many ids @ids has room for (0 is fine: it asks how
 *	many there are); out: how many containers there are.  When that is
 *	more than the room given, the first ones are copied: ask again
 *	with a bigger array.
 * @reserved: must be zero.
 */
struct ctlab_list {
	__u64 ids;
	__u32 count;
	__u32 reserved[5];
};

/**
 * struct ctlab_stats - one container's state and its accounting
 *
 * The task, memory and CPU figures are the module's latest sample of the
 * container, taken every few milliseconds (module parameter sample_ms,
 * default 10; less often when a round over all running containers would
 * take more than 1 % of a CPU), so that STATS costs the same for one task
 * or a thousand.
 * The cgroup's figures (@charge, @charge_peak, @failcnt, @oom_kills) are
 * read at the moment of the call.
 *
 * @id: in: the container's id, or 0 to look it up by @name; out: its id.
 * @state: %CTLAB_STATE_*.
 * @name: in when @id is 0; out: its name.
 * @namespaces, @on_limit, @limit, @barrier: as given to CREATE or
 *	SET_LIMIT.
 * @init_pid: its init's PID as the caller sees it (1 for a caller inside
 *	the container), or 0 before ENTER and after exit.
 * @exit_status: once EXITED, its init's status as wait(2) reports it.
 * @nr_procs, @nr_threads: processes and threads in it now.
 * @nr_procs_peak: the most processes it has had at once.
 * @rss_anon, @rss_file, @rss_shmem: resident memory of its processes,
 *	each address space counted once however many threads share it: what
 *	their page tables map (smaps_rollup's Rss), split as /proc splits
 *	it.  That is VmRSS summed, except on 6.1, where VmRSS lags by up
 *	to 63 page faults per thread and this does not.
 * @rss: their sum, OpenVZ's "held".
 * @rss_peak: the most @rss sampled since ENTER or RESET_PEAK, OpenVZ's
 *	"maxheld": a spike that lasts a sample period is caught.
 * @swap: its memory that is swapped out.
 * @charge: what its cgroup is charged for: its RSS, its page cache and
 *	kernel memory; 0 without a cgroup.
 * @charge_peak: the most @charge since ENTER or RESET_PEAK.
 * @failcnt: how many times its memory reached the limit.
 * @oom_kills: how many of its processes the OOM killer killed.
 * @min_flt, @maj_flt: page faults, of live and exited members.
 * @utime, @stime: CPU time in user and kernel mode, in ns, of live and
 *	exited members.  The module counts each member as it exits,
 *	however it is reaped: by a parent's wait(), by the kernel for a
 *	parent that ignores SIGCHLD, or when init's exit kills the rest.
 * @created, @started, @exited: when CREATE, ENTER and init's exit
 *	happened (CLOCK_BOOTTIME, ns), or 0 if not yet.
 * @reserved0, @reserved: must be zero on input; zero on return.
 */
struct ctlab_stats {
	__u32 id;
	__u32 state;
	char name[CTLAB_NAME_MAX];
	__u32 namespaces;
	__u32 on_limit;
	__u64 limit;
	__u64 barrier;
	__s32 init_pid;
	__s32 exit_status;
	__u32 nr_procs;
	__u32 nr_threads;
	__u32 nr_procs_peak;
	__u32 reserved0;
	__u64 rss_anon;
	__u64 rss_file;
	__u64 rss_shmem;
	__u64 rss;
	__u64 rss_peak;
	__u64 swap;
	__u64 charge;
	__u64 charge_peak;
	__u64 failcnt;
	__u64 oom_kills;
	__u64 min_flt;
	__u64 maj_flt;
	__u64 utime;
	__u64 stime;
	__u64 created;
	__u64 started;
	__u64 exited;
	__u32 reserved[8];
};

/**
 * struct ctlab_limit - new limits for a container
 * @id: the container's id.
 * @reserved0: must be zero.
 * @limit: the new limit, or 0 for none.
 * @barrier: the new barrier, or 0 for none.  Not above @limit.
 * @reserved: must be zero.
 */
struct ctlab_limit {
	__u32 id;
	__u32 reserved0;
	__u64 limit;
	__u64 barrier;
	__u32 reserved[4];
};

/* Which groups of struct ctlab_account the container's cgroup provided. */
#define CTLAB_ACCT_MEMCG	(1U << 0)	/* kmem_*, events, swap */
#define CTLAB_ACCT_SWAP_PEAK	(1U << 1)	/* memory.swap.peak (6.5+) */
#define CTLAB_ACCT_PIDS		(1U << 2)	/* the pids controller */
#define CTLAB_ACCT_PSI		(1U << 3)	/* memory.pressure */

/**
 * struct ctlab_account - a container's resources beyond STATS (ABI 1.2)
 *
 * OpenVZ's beancounters listed some twenty resources; cgroup v2 has
 * memory.stat, memory.events and pressure stall information.  This is
 * the part of them a student compares containers and guests with.  The
 * figures marked "sampled" come from the module's latest sample, as in
 * STATS; the others are read from the container's cgroup at the call,
 * and are zero without one (see @valid).
 *
 * The struct grows at its end only.  The size the caller knows travels
 * in the command number (_IOC_SIZE): the module fills as much as both
 * know, so a program built against an older header keeps working.
 *
 * @id: in: the container's id.
 * @valid: out: the %CTLAB_ACCT_* groups that are filled in.
 * @kmem: kernel memory charged to the cgroup, bytes: the sum of the
 *	four below (memory.stat slab + kernel_stack + pagetables + sock).
 * @kmem_slab, @kmem_stack, @kmem_pagetables, @kmem_sock: its parts.
 * @privvm: sampled: the members' virtual memory, bytes, each address
 *	space once (VmSize summed), OpenVZ's privvmpages.
 * @privvm_peak: sampled: the most @privvm since ENTER or RESET_PEAK.
 * @nr_files: sampled: open files of the members, each file table once.
 * @nr_threads, @nr_procs: sampled: as in STATS, beside @nr_files.
 * @pids_current, @pids_max, @pids_failcnt: pids.current, pids.max (0 for
 *	"max") and pids.events' max: forks refused at the limit.
 * @swap: memory.swap.current, bytes.
 * @swap_peak: memory.swap.peak, where the kernel has it.
 * @ev_low, @ev_high, @ev_max, @ev_oom, @ev_oom_kill: memory.events:
 *	times under memory.low, throttled over memory.high (the barrier),
 *	at memory.max (the limit), OOM, and tasks OOM-killed.
 * @psi_some_avg10, @psi_full_avg10: memory.pressure's avg10, in
 *	hundredths of a percent: the share of the last 10 s in which some
 *	(all) of the members waited for memory.
 * @psi_some_total, @psi_full_total: the total stall times, in us.
 * @reserved: zero on return.
 */
struct ctlab_account {
	__u32 id;
	__u32 valid;
	__u64 kmem;
	__u64 kmem_slab;
	__u64 kmem_stack;
	__u64 kmem_pagetables;
	__u64 kmem_sock;
	__u64 privvm;
	__u64 privvm_peak;
	__u32 nr_files;
	__u32 nr_threads;
	__u32 nr_procs;
	__u32 psi_some_avg10;
	__u64 pids_current;
	__u64 pids_max;
	__u64 pids_failcnt;
	__u64 swap;
	__u64 swap_peak;
	__u64 ev_low;
	__u64 ev_high;
	__u64 ev_max;
	__u64 ev_oom;
	__u64 ev_oom_kill;
	__u64 psi_some_total;
	__u64 psi_full_total;
	__u32 psi_full_avg10;
	__u32 reserved[7];
};

/*
 * Who may do what, and whose credentials count.
 *
 * Anyone who can open /dev/ctlab may ask GET_VERSION, LIST and STATS, and
 * read() the table; a task inside a container sees only its own
 * container.
 *
 * The commands that change something check the credentials of the task
 * that opened the file (the file is the power, as with any device): it
 * must have had CAP_SYS_ADMIN in the initial user namespace.  A root
 * program handed a file that an unprivileged user opened cannot be made
 * to act for that user.  Beyond that:
 * - CREATE, SET_LIMIT, RESET_PEAK and DESTROY also check the caller's own
 *   credentials now: CAP_SYS_ADMIN in the initial user namespace, so a
 *   program that dropped its privileges keeps no power through a file it
 *   opened before.
 * - ENTER does not, because its caller is the container's new init,
 *   which may have a user namespace of its own where it has no power
 *   over the host by design; what ENTER checks instead is that the
 *   caller is that init (see below).
 * Every one of these answers EPERM to a caller inside a container,
 * whatever its credentials: a container must not manage containers.
 */

/**
 * CTLAB_IOC_GET_VERSION - report the ABI version
 *
 * Command 0, so that a program built against any version of this header
 * can always ask it first.
 *
 * Return: 0, or -1 with errno EFAULT.
 */
#define CTLAB_IOC_GET_VERSION _IOR(CTLAB_IOC_MAGIC, 0, struct ctlab_version)

/**
 * CTLAB_IOC_CREATE - create a container, in state CREATED
 *
 * The cgroup, when one is given, must be one the container can own:
 * a cgroup v2 directory below the root, with the memory controller
 * enabled in it (its parent's cgroup.subtree_control has +memory), with
 * no task in it or below it (its limit would act on tasks outside the
 * container), and no other container's.  CREATE writes memory.high,
 * memory.max, memory.oom.group and memory.swap.max (if swap is
 * accounted) from the request, "max" included, so a cgroup used before
 * keeps nothing of its old limits.
 *
 * Return: 0 with &ctlab_create.id set, or -1 with errno
 * * %EINVAL - a bad name, namespace set or action; a barrier above the
 *   limit; a limit without a cgroup; the root cgroup; a cgroup without
 *   the memory controller; a non-zero reserved field.
 * * %EBADF - @cgroup_fd is not an open cgroup v2 directory, or was
 *   replaced (dup2) during the call.
 * * %ENOTEMPTY - tasks are in the cgroup or below it.
 * * %EBUSY - the cgroup is another container's.
 * * %EEXIST - a container with that name exists.
 * * %ENOSPC - %CTLAB_MAX_CONTAINERS exist already.
 * * %EPERM - the caller may not create containers.
 * * %EACCES and others - the cgroup refused a write of its files.
 * * %ENOMEM, %EFAULT.
 */
#define CTLAB_IOC_CREATE _IOWR(CTLAB_IOC_MAGIC, 1, struct ctlab_create)

/**
 * CTLAB_IOC_ENTER - make the calling task the container's init
 *
 * The caller must be PID 1 of a new PID namespace, in a new namespace of
 * every kind the container requires, and in the container's cgroup if it
 * has one.  From then on every task in that PID namespace is a member.
 *
 * Return: 0, or -1 with errno
 * * %ENOENT - no such container.
 * * %EBUSY - a task has entered it already, or it is being destroyed.
 * * %EINVAL - the caller is not PID 1 of a new PID namespace, lacks a new
 *   namespace the container requires, or is outside its cgroup; or its
 *   PID namespace belongs to another container already.
 * * %EPERM - /dev/ctlab was not opened with CAP_SYS_ADMIN, or the caller
 *   is inside a container.
 * * %ENOMEM, %EFAULT.
 */
#define CTLAB_IOC_ENTER _IOW(CTLAB_IOC_MAGIC, 2, struct ctlab_id)

/**
 * CTLAB_IOC_LIST - the ids of the containers the caller may see
 *
 * Return: 0, or -1 with errno EFAULT or EINVAL.
 */
#define CTLAB_IOC_LIST _IOWR(CTLAB_IOC_MAGIC, 3, struct ctlab_list)

/**
 * CTLAB_IOC_STATS - one container's state and accounting
 *
 * Return: 0, or -1 with errno
 * * %ENOENT - no such container that the caller may see.
 * * %EINVAL - @id is 0 and @name is not a valid name; a reserved word
 *   (@reserved0 or @reserved) is not zero.
 * * %EFAULT.
 */
#define CTLAB_IOC_STATS _IOWR(CTLAB_IOC_MAGIC, 4, struct ctlab_stats)

/**
 * CTLAB_IOC_SET_LIMIT - change a container's limit and barrier
 *
 * Lowering the limit below what the container holds makes the kernel
 * reclaim its memory, and if that fails, act as on_limit says.  That
 * happens in the caller, which may wait for it; STATS and read() do not.
 * A write the cgroup refuses leaves the container's limits as they were,
 * in the cgroup and in STATS.
 *
 * Return: 0, or -1 with errno ENOENT, EPERM, EFAULT, EINVAL (a barrier
 * above the limit, or a container without a cgroup), or the errno of the
 * cgroup's refusal (EACCES...).
 */
#define CTLAB_IOC_SET_LIMIT _IOW(CTLAB_IOC_MAGIC, 5, struct ctlab_limit)

/**
 * CTLAB_IOC_RESET_PEAK - start rss_peak and charge_peak again from now
 *
 * Return: 0, or -1 with errno ENOENT, EPERM or EFAULT.
 */
#define CTLAB_IOC_RESET_PEAK _IOW(CTLAB_IOC_MAGIC, 6, struct ctlab_id)

/**
 * CTLAB_IOC_DESTROY - kill every member, wait for them, free the record
 *
 * Return: 0, or -1 with errno
 * * %ENOENT - no such container.
 * * %ETIMEDOUT - its members did not die within 10 s; the record stays.
 * * %EINTR - the caller was killed while waiting.
 * * %EPERM, %EFAULT.
 */
#define CTLAB_IOC_DESTROY _IOW(CTLAB_IOC_MAGIC, 7, struct ctlab_id)

/**
 * CTLAB_IOC_ACCOUNT - one container's resources beyond STATS (ABI 1.2)
 *
 * Anyone who may STATS a container may ask it.  A module older than 1.2
 * answers ENOTTY: userland says so and goes on with STATS.
 *
 * Return: 0, or -1 with errno
 * * %ENOENT - no such container that the caller may see.
 * * %EINVAL - a size smaller than ABI 1.2's struct.
 * * %ENOMEM, %EFAULT.
 */
#define CTLAB_IOC_ACCOUNT _IOWR(CTLAB_IOC_MAGIC, 8, struct ctlab_account)

#endif /* _UAPI_LINUX_CTLAB_H */
