/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctlab.h: the public interface of libctlab.
 *
 * libctlab is the only code in ctlab that talks to QEMU (over QMP) and,
 * later, to /dev/ctlab.  The command line and the dashboard are thin
 * layers on top of it.  Every function follows the kernel's convention:
 * it returns 0 (or a count) on success and a negative errno on failure,
 * and it never prints and never exits.  Whatever a caller needs to explain
 * a failure is returned to it (see ctlab_qmp_error()).
 *
 * Read this header top to bottom as the API reference: names and sizes,
 * the QMP client, host-side process figures, then QEMU guests.
 */
#ifndef CTLAB_H
#define CTLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>
#include <netinet/in.h>
#include <linux/ctlab.h>

/* Everything else in the library is built with -fvisibility=hidden. */
#define CTLAB_API __attribute__((visibility("default")))

/* ---- Names (names.c) ------------------------------------------------ */

/*
 * Containers and guests share one naming rule, the module's: a name is
 * 1 to CTLAB_NAME_LEN characters, in a buffer of CTLAB_NAME_MAX bytes.
 */
#define CTLAB_NAME_LEN (CTLAB_NAME_MAX - 1)

/*
 * ctlab_name_valid() - is @name usable as a container or guest name?
 *
 * Allowed: 1 to CTLAB_NAME_LEN characters of [A-Za-z0-9_.-], not starting
 * with '.' or '-' (so a name is never "..", a hidden file or an option).
 * A valid name is safe as a path component and inside QEMU's comma
 * separated options.  Returns 0, or -EINVAL.
 */
CTLAB_API int ctlab_name_valid(const char *name);

/* ---- Sizes (size.c) ------------------------------------------------- */

/*
 * ctlab_size_parse() - parse a size such as "64M", "1G", "1GiB" or "4096".
 *
 * Suffixes K, M, G, T (either case, optionally followed by "iB" or "B")
 * are powers of 1024; no suffix means bytes.  Returns 0 and stores the
 * size in *@bytes, -EINVAL for anything else (empty, negative, fractions,
 * trailing characters) or -ERANGE if it does not fit in 64 bits.
 */
CTLAB_API int ctlab_size_parse(const char *str, uint64_t *bytes);

/*
 * ctlab_size_format() - write @bytes as people read a size, in at most 5
 * characters: "0", "1023", "512K", "1.5M", "90M", "1.2G", "98P", "16E"
 * (binary units, like top and htop; fractions rounded, so it does not
 * always parse back exactly).  Returns what snprintf() returns.  ps,
 * stats and ctlab top all print sizes through it.
 */
CTLAB_API int ctlab_size_format(uint64_t bytes, char *buf, size_t len);

/* ---- Explaining instead of doing (act.c) ------------------------- */

/* One action libctlab would take, described. */
struct ctlab_act {
	const char *actor;	/* "ctlab", or "task": the container's first */
	const char *kind;	/* syscall, ioctl, cgroup, write, netlink, qmp,
				 * exec */
	const char *text;	/* the call, its arguments, its fields */
};
typedef void ctlab_explain_fn(void *arg, const struct ctlab_act *a);

/*
 * ctlab_explain() - from now on, in this process, libctlab describes
 * each action that would change the system to @say, in order, and does
 * not do it, going on as if it had succeeded; @say NULL: act again.
 * Reads (STATS, access(), /proc) still happen.  A forked helper stands
 * in for the container's first task, so @say may be called in a child
 * process: it should write its line at once (no stdio buffer left).
 */
CTLAB_API void ctlab_explain(ctlab_explain_fn *say, void *arg);
CTLAB_API bool ctlab_explaining(void);
/*
 * ctlab_act() - true: do the action that @kind and @fmt describe; false:
 * it was only described, to ctlab_explain()'s @say: carry on as if it
 * had been done.  Every changing action of libctlab's is written
 *	if (ctlab_act("syscall", "sethostname(\"%s\")", name) && sethostname(...))
 * and the command line writes its own (waitpid) the same way.
 */
__attribute__((format(printf, 2, 3)))
CTLAB_API bool ctlab_act(const char *kind, const char *fmt, ...);

/* ---- The module: /dev/ctlab (device.c) ------------------------------ */

/*
 * The kernel module's ABI is <linux/ctlab.h>; these wrap its commands one
 * to one, and return 0 or -errno (the errno values each can return are
 * listed there).  @fd is what ctlab_open() gave.
 */
#define CTLAB_DEVICE "/dev/ctlab"

/*
 * ctlab_open() - open /dev/ctlab and check that the module speaks our ABI.
 * Returns 0 and the file in *@fd, -ENOENT if the module is not loaded,
 * -EACCES without permission, -EPROTO if its ABI major version differs.
 */
CTLAB_API int ctlab_open(int *fd);
CTLAB_API int ctlab_version(int fd, struct ctlab_version *ver);
/* ctlab_create() - create a container; sets @req->id. */
CTLAB_API int ctlab_create(int fd, struct ctlab_create *req);
CTLAB_API int ctlab_enter(int fd, uint32_t id);
/*
 * ctlab_list() - the ids the caller may see, in a malloc()ed array in
 * *@ids (free() it); returns how many, or -errno.
 */
CTLAB_API int ctlab_list(int fd, uint32_t **ids);
/* ctlab_stats() - one container, by @id, or by @name when @id is 0. */
CTLAB_API int ctlab_stats(int fd, uint32_t id, const char *name,
			  struct ctlab_stats *st);
/*
 * ctlab_account() - the container @id's resources beyond STATS: kernel
 * memory, virtual memory, files, pids, swap, pressure, memory events.
 * -ENOTTY: the module is older than ABI 1.2 and has no such command.
 */
CTLAB_API int ctlab_account(int fd, uint32_t id, struct ctlab_account *a);
/*
 * ctlab_account_missing() - after ctlab_account() failed with @err: if
 * the module is older than ABI 1.2, why there are no figures, in @why
 * ("ctlab.ko speaks ABI 1.1; these figures need 1.2"), and 0; any other
 * error is returned as it is.  The one wording ctlab stats, its JSON and
 * ctlab top show.
 */
CTLAB_API int ctlab_account_missing(int fd, int err, char *why, size_t len);
/* Why a container's pressure figures are missing (no memory.pressure). */
#define CTLAB_PSI_OFF "PSI is off: boot with psi=1"
CTLAB_API int ctlab_set_limit(int fd, uint32_t id, uint64_t limit,
			      uint64_t barrier);
CTLAB_API int ctlab_reset_peak(int fd, uint32_t id);
CTLAB_API int ctlab_destroy(int fd, uint32_t id);

/*
 * poll() on @fd reports POLLIN once a container was created, entered,
 * exited, destroyed or hit its limit since @fd last read the table.
 * ctlab_events_ack() reads it again (its first byte), so that the next
 * poll() waits for the next event: a dashboard's way to sleep until
 * something happens.
 */
CTLAB_API int ctlab_events_ack(int fd);

/* ---- Where start-up time goes (timing.c) ---------------------------- */

/*
 * A start, timed phase by phase.  Each mark is the moment one phase
 * ended, on the host's CLOCK_MONOTONIC; a phase took from the mark
 * before it (or from @start_ns) to its own.  The container's first task
 * records its marks itself, into memory it shares with the launcher.
 * A guest's marks inside its kernel come from the guest's own clock
 * (/proc/uptime: 10 ms steps), placed on the host's by the moment the
 * host saw the guest's ready marker: those say @guest_clock.
 */
#define CTLAB_TIMING_MAX 24

struct ctlab_mark {
	const char *phase;	/* a string constant: "cgroup made" */
	int64_t at_ns;		/* CLOCK_MONOTONIC */
	bool guest_clock;
};

struct ctlab_timing {
	int64_t start_ns;	/* when it was asked for; 0: not yet */
	unsigned int n;		/* marks, in the order of @at_ns */
	struct ctlab_mark mark[CTLAB_TIMING_MAX];
};

/* ctlab_timing_start() - empty @t and start its clock now. */
CTLAB_API void ctlab_timing_start(struct ctlab_timing *t);

/*
 * ctlab_timing_mark() - @phase ended now.  @t may be NULL (nobody is
 * timing); past CTLAB_TIMING_MAX marks are dropped.  Safe to call from
 * two processes sharing @t: each mark takes its own slot.
 */
CTLAB_API void ctlab_timing_mark(struct ctlab_timing *t, const char *phase);

/* ---- Containers (launch.c, container.c, cgroup.c) ------------------- */

/*
 * A container is the module's record plus what the launcher makes around
 * it: a cgroup, /sys/fs/cgroup/ctlab/NAME, and a run directory,
 * CTLAB_CT_RUN_DIR/NAME (default /run/ctlab/ct/NAME), holding the upper
 * and work directories of its overlay root.
 */
#define CTLAB_CT_DEFAULT_RUN_DIR "/run/ctlab/ct"

struct ctlab_run_config {
	const char *name;
	const char *template;	/* the root's read-only lower layer */
	uint64_t limit, barrier;	/* bytes, 0 for none */
	uint32_t on_limit;	/* CTLAB_ON_LIMIT_* */
	uint32_t cpu_milli;	/* CPU time it may use, in thousandths of one
				 * CPU: see ctlab_cgroup_set_cpus(); 0: no
				 * limit */
	char *const *argv;	/* the command, run as the container's init */
	bool detach;		/* its own session; stdin from /dev/null,
				 * stdout and stderr to output.log in the run
				 * directory */
	bool tty;		/* a new pseudo-terminal as its terminal (not
				 * with detach): see ctlab_launched.tty */
	bool net;		/* a veth pair: see ctlab_ct_net() */
	uid_t userns_base;	/* 0: no user namespace; else one where the
				 * container's ids 0-65535 are the host's
				 * userns_base... (see userns.c) */
	struct ctlab_timing *timing;	/* NULL, or where the launcher
					 * records its phases */
};

/*
 * The steps of a launch, in order (launch.c explains each): when one
 * fails, ctlab_launched.step says which, so that a caller tells "no such
 * command" from "no module" by the step and its errno, never by the text
 * of @why (which is for people).  ctlab_ct_exec() uses the last three.
 */
enum ctlab_launch_step {
	CTLAB_STEP_NONE,	/* nothing failed */
	CTLAB_STEP_REQUEST,	/* the request itself (-EINVAL) */
	CTLAB_STEP_TEMPLATE,	/* the template's busybox (-ENOENT: none) */
	CTLAB_STEP_DEVICE,	/* opening /dev/ctlab */
	CTLAB_STEP_CREATE,	/* the module's record (-EEXIST: name taken) */
	CTLAB_STEP_CGROUP,	/* its cgroup, and its cpu.max */
	CTLAB_STEP_RUN_DIR,	/* its run directory */
	CTLAB_STEP_CLONE,	/* clone3() into new namespaces */
	CTLAB_STEP_OUTSIDE,	/* id maps and veth, written from outside */
	CTLAB_STEP_SETUP,	/* inside: output, hostname, network, root,
				 * terminal, capabilities */
	CTLAB_STEP_WAIT_START,	/* a created container waiting for start */
	CTLAB_STEP_DIED,	/* it died while being set up (-ECHILD) */
	CTLAB_STEP_ENTER,	/* ENTER: becoming the container's init */
	CTLAB_STEP_JOIN,	/* exec: its cgroup and namespaces */
	CTLAB_STEP_COMMAND,	/* finding and running the command:
				 * -ENOENT no such command, -EACCES or
				 * -ENOEXEC it cannot be run */
	CTLAB_STEP_TERMINAL,	/* receiving its terminal */
};

/* ctlab_launch_step_name() - "command", "create"...: for messages. */
CTLAB_API const char *ctlab_launch_step_name(enum ctlab_launch_step step);

/* What the launcher started. */
struct ctlab_launched {
	uint32_t id;		/* the module's */
	pid_t pid;		/* the first task, a child of the caller */
	int tty;		/* the pseudo-terminal's master, or -1: what
				 * is written to it is the container's input,
				 * what is read from it its output */
	enum ctlab_launch_step step;	/* on failure: the step that failed */
};

/*
 * ctlab_ct_run() - create container @cfg->name and start @cfg->argv as its
 * init, in new PID, mount, UTS, IPC, network and cgroup namespaces, on an
 * overlay of the template (see launch.c for every step).  It returns once
 * the command is running: @out->pid is its init, to wait for.  On failure
 * @why names the step that failed and nothing is left behind.  -EEXIST:
 * the name is taken; -ENOENT: no template, no module, or no such command:
 * @out->step says which.
 */
CTLAB_API int ctlab_ct_run(const struct ctlab_run_config *cfg,
			   struct ctlab_launched *out, char *why,
			   size_t why_len);

/*
 * ctlab_ct_create() - all of ctlab_ct_run() but the last two steps: the
 * first task has its namespaces and root, and has found its command, but
 * waits before becoming the container's init (the module shows it
 * CREATED) until ctlab_ct_start().  @cfg->detach must be set: a created
 * container outlives its creator.  @out->pid is the waiting task.
 */
CTLAB_API int ctlab_ct_create(const struct ctlab_run_config *cfg,
			      struct ctlab_launched *out, char *why,
			      size_t why_len);

/* The FIFO in the run directory where a created container waits. */
#define CTLAB_CT_START_FIFO "start.fifo"

/*
 * ctlab_ct_start() - let a created container go, and wait up to
 * @timeout_ms until the module shows it running; *@pid is its init.
 * -EALREADY if it was started already, -ESRCH if its waiting task is
 * gone (killed, or ctlab_ct_create() failed after all: see output.log),
 * -ETIMEDOUT if it did not become init in time.
 */
CTLAB_API int ctlab_ct_start(const char *name, int timeout_ms, pid_t *pid);
/* The same, leaving its marks in @timing (may be NULL). */
CTLAB_API int ctlab_ct_start_timed(const char *name, int timeout_ms,
				   pid_t *pid, struct ctlab_timing *timing);

/*
 * ctlab_ct_net() - the addresses of container @id's veth pair (--net):
 * the host's end, named ctlabID, and the container's eth0, the first
 * and second addresses of the id's own /30 of 10.77.0.0/16.
 */
struct ctlab_ct_net {
	char host_if[16];
	struct in_addr host, container;
};
CTLAB_API int ctlab_ct_net(uint32_t id, struct ctlab_ct_net *net);

/*
 * ctlab_ct_stop() - send the container's init SIGTERM, wait up to
 * @timeout_ms for it to exit, then SIGKILL it (and so every member);
 * *@forced says whether that was needed.  The record stays, EXITED.  A
 * created container's waiting task is killed; the record stays CREATED,
 * and can only be removed.
 */
CTLAB_API int ctlab_ct_stop(const char *name, int timeout_ms, bool *forced);

/*
 * ctlab_ct_kill() - send signal @sig to the init of running container
 * @name (through a pidfd).  -ESRCH if it is not running.  An init gets
 * only the signals it handles, and SIGKILL.
 */
CTLAB_API int ctlab_ct_kill(const char *name, int sig);

/*
 * ctlab_ct_remove() - DESTROY the container (killing any member left),
 * kill whatever else is in its cgroup (a created container's waiting
 * task), and remove the cgroup and the run directory.  -ENOENT if there
 * is none.
 */
CTLAB_API int ctlab_ct_remove(const char *name);

/* What ctlab_ct_exec_start() runs, and how. */
struct ctlab_exec_config {
	char *const *argv;	/* the command */
	char *const *env;	/* more NAME=VALUE, NULL-ended, or NULL */
	const char *workdir;	/* in the container; NULL: / */
	bool set_user;		/* run as uid, gid (of its user namespace) */
	uid_t uid;
	gid_t gid;
	bool tty;		/* a terminal of its own: see ctlab_launched */
	int stdio[3];		/* its stdin, stdout, stderr; -1: the
				 * caller's own */
};

/*
 * ctlab_ct_exec_start() - run @cfg->argv in running container @name: in
 * its cgroup and all its namespaces, at its root (or @cfg->workdir).  It
 * returns once the command runs; @out->pid is a helper process whose
 * exit status is the command's (128+N if signal N killed it): wait for
 * it.  With @cfg->tty, @out->tty is the master of the command's own
 * terminal.  On failure @out->step says what failed: CTLAB_STEP_JOIN
 * (-ENOENT no such container, -ESRCH not running), CTLAB_STEP_COMMAND
 * (-ENOENT not found, -EACCES cannot be run), CTLAB_STEP_SETUP (-w, -u).
 */
CTLAB_API int ctlab_ct_exec_start(const char *name,
				  const struct ctlab_exec_config *cfg,
				  struct ctlab_launched *out);

/* The run directory of container @name, into @buf. */
CTLAB_API int ctlab_ct_run_dir(const char *name, char *buf, size_t len);

/* The cgroup of container @name: its path, making it, removing it. */
CTLAB_API int ctlab_cgroup_path(const char *name, char *buf, size_t len);
CTLAB_API int ctlab_cgroup_make(const char *name, int *dirfd);
CTLAB_API int ctlab_cgroup_remove(const char *name);

/*
 * ctlab_cgroup_set_cpus() - limit container @name to @milli thousandths
 * of one CPU (1500: one and a half), or lift the limit (0): its cgroup's
 * cpu.max, a quota of CPU time per 100 ms period that the scheduler
 * enforces by throttling the container once it is used up.  The memory
 * limit is the module's business (ctlab_set_limit()); this one the
 * scheduler's alone.  -EINVAL below 10 (1 ms a period) or above
 * CTLAB_CPU_MILLI_MAX; -ENOENT if the container has no cgroup.
 */
#define CTLAB_CPU_MILLI_MAX (1024 * 1000)
CTLAB_API int ctlab_cgroup_set_cpus(const char *name, uint32_t milli);

/* ---- What ctlab says of a container or guest (describe.c) ---------- */

/*
 * One source for `ctlab ps --json`, `ctlab inspect`, `ctlab vm ls --json`
 * and `ctlab top -b --json`: the same names for the same figures.
 */
CTLAB_API const char *ctlab_ct_state_name(uint32_t state);
/* Why ctlab_open() failed with @err, in words: ps and top say the same. */
CTLAB_API const char *ctlab_open_error(int err);
/* How long it has run (until now, or until its init exited); -1: never. */
CTLAB_API double ctlab_ct_uptime_s(const struct ctlab_stats *st);
/*
 * Its init's wait status as a shell says it: the exit code, or 128+N
 * for signal N; -1 while it has not exited.
 */
CTLAB_API int ctlab_ct_exit_code(const struct ctlab_stats *st);
struct ctlab_vm_stats;
/* A new JSON object for a container, and for a guest. */
CTLAB_API json_t *ctlab_ct_json(const struct ctlab_stats *st);
CTLAB_API json_t *ctlab_vm_json(const struct ctlab_vm_stats *st);
/*
 * ACCOUNT's figures as a JSON object: bytes, counts, PSI's avg10 in
 * percent and its totals in us; a group the cgroup does not provide
 * (see struct ctlab_account's @valid) is null.
 */
CTLAB_API json_t *ctlab_account_json(const struct ctlab_account *a);
/*
 * Sets @ct's "account" to that object for container @id.  With a module
 * older than ABI 1.2 "account" is null and "account_missing" says why.
 * 0, or -errno of ACCOUNT (-ENOENT: the container has gone).
 */
CTLAB_API int ctlab_ct_json_add_account(json_t *ct, int fd, uint32_t id);
/* The version of the inspect document and of these objects' fields. */
#define CTLAB_JSON_VERSION 1

/* ---- Byte counters, for rates (counters.c) --------------------------- */

/*
 * struct ctlab_ct_files - the files of container @id's byte counters,
 * kept open from one reading to the next (a dashboard reads them for
 * every container at every refresh): its cgroup's io.stat, and the
 * rx_bytes and tx_bytes of its veth's host end (--net only).  -1: not
 * open, or none.
 */
struct ctlab_ct_files {
	uint32_t id;
	uint64_t started;	/* the start they were opened for */
	int io, rx, tx;
};
/* Nothing open yet; and closing, which leaves @f as _init() does. */
CTLAB_API void ctlab_ct_files_init(struct ctlab_ct_files *f);
CTLAB_API void ctlab_ct_files_close(struct ctlab_ct_files *f);
/*
 * ctlab_ct_files_open() - make @f the files of the container @st
 * describes: nothing happens if they already are (same id, same start).
 */
CTLAB_API void ctlab_ct_files_open(struct ctlab_ct_files *f,
				   const struct ctlab_stats *st);
/*
 * ctlab_ct_files_io() - the bytes its cgroup has read from and written
 * to block devices (io.stat, summed over devices); ctlab_ct_files_net()
 * - the bytes its veth's host end has received (what the container
 * sent) and sent.  -ENOENT without the file, -ENODEV once it is gone.
 */
CTLAB_API int ctlab_ct_files_io(const struct ctlab_ct_files *f,
				uint64_t *read, uint64_t *written);
CTLAB_API int ctlab_ct_files_net(const struct ctlab_ct_files *f,
				 uint64_t *rx, uint64_t *tx);

/* ---- Loading the module (module.c) ---------------------------------- */

struct ctlab_module_status {
	bool loaded;		/* ctlab.ko is live in the kernel */
	int users;		/* open files of /dev/ctlab, and other holders */
	bool device;		/* /dev/ctlab exists */
	uint32_t abi_major, abi_minor;	/* 0 if the device did not answer */
};

/*
 * ctlab_module_load() - load the module file at @path with @params (such
 * as "group=100 sample_ms=20", or NULL), and give /dev/ctlab the group
 * its group= parameter names.  Returns 0, -EEXIST if it is loaded
 * already, -ENOENT if there is no such file, -EPERM if not root, -ENOEXEC
 * if it was built for another kernel, or another -errno.
 */
CTLAB_API int ctlab_module_load(const char *path, const char *params);

/*
 * ctlab_module_unload() - unload ctlab.ko.  -EBUSY while /dev/ctlab is
 * open; -ENOENT if it is not loaded.
 */
CTLAB_API int ctlab_module_unload(void);

/* ctlab_module_status() - is it loaded, in use, answering? */
CTLAB_API int ctlab_module_status(struct ctlab_module_status *st);

/* ---- The QMP client (qmp.c) ----------------------------------------- */

/*
 * QMP is QEMU's machine protocol: one JSON object per line over a socket.
 * On connect QEMU sends a greeting, the client answers qmp_capabilities,
 * and from then on each command gets exactly one reply ("return" or
 * "error") carrying the command's "id".  Asynchronous events (SHUTDOWN,
 * STOP, BALLOON_CHANGE, ...) can arrive at any time, also between a
 * command and its reply: the client queues them for ctlab_qmp_event().
 *
 * A QEMU monitor serves one client at a time, so connect, ask, and close
 * again; a second client waits until the first is gone.
 *
 * Numbers in what the client returns are JSON reals, never integers:
 * QEMU sends unsigned 64-bit values that jansson's integers cannot hold.
 * Read them with json_number_value(); byte counts up to 2^53 are exact.
 */
struct ctlab_qmp;

/*
 * ctlab_qmp_connect() - connect to the QMP socket at @path and complete
 * the handshake within @timeout_ms milliseconds.
 *
 * Returns 0 and a client in *@qmp, or: -ENOENT/-ECONNREFUSED (no QEMU
 * listening), -ETIMEDOUT (no greeting in time: QEMU hung, or busy with
 * another client), -EPROTO (the peer does not speak QMP),
 * -ENAMETOOLONG (@path does not fit a UNIX socket address), or another
 * -errno.  On failure *@qmp is NULL.
 */
CTLAB_API int ctlab_qmp_connect(const char *path, int timeout_ms,
				struct ctlab_qmp **qmp);

/* ctlab_qmp_close() - close the connection and free the client. */
CTLAB_API void ctlab_qmp_close(struct ctlab_qmp *qmp);

/*
 * ctlab_qmp_execute() - run the QMP command @cmd with @args (an object, or
 * NULL; borrowed, not stolen) and wait up to @timeout_ms for its reply.
 *
 * On success *@result (if @result is not NULL) holds the reply's "return"
 * value, a new reference the caller must json_decref().  Returns -EIO if
 * QEMU answered with an error (see ctlab_qmp_error()), -ETIMEDOUT,
 * -EPROTO for a reply that is not QMP, -ECONNRESET if QEMU closed the
 * connection (it also does that when it exits after "quit").
 */
CTLAB_API int ctlab_qmp_execute(struct ctlab_qmp *qmp, const char *cmd,
				json_t *args, json_t **result, int timeout_ms);

/*
 * ctlab_qmp_event() - the oldest queued event, or wait up to @timeout_ms
 * for one.  *@event is a new reference ({"event": NAME, "data": ...,
 * "timestamp": ...}).  Returns 0, -ETIMEDOUT, or an error as above.
 */
CTLAB_API int ctlab_qmp_event(struct ctlab_qmp *qmp, json_t **event,
			      int timeout_ms);

/*
 * ctlab_qmp_error() - a sentence describing the last failure of @qmp: the
 * error QEMU sent ("GenericError: ...") or what was wrong with the peer.
 * Valid until the next call on @qmp.  Never NULL.
 */
CTLAB_API const char *ctlab_qmp_error(const struct ctlab_qmp *qmp);

/* ---- Host-side figures of a process (procstat.c) -------------------- */

/*
 * ctlab_proc_mem() - the resident (RSS) and proportional (PSS) memory of
 * process @pid, in bytes, from /proc/PID/smaps_rollup.  PSS divides each
 * shared page among the processes that map it.
 */
CTLAB_API int ctlab_proc_mem(pid_t pid, uint64_t *rss, uint64_t *pss);

/*
 * ctlab_proc_anon_rss() - the resident bytes of process @pid's anonymous
 * mapping of exactly @size bytes, from /proc/PID/smaps.  For QEMU with
 * -m SIZE that mapping is the guest's RAM: its RSS is what the guest has
 * touched, and the rest of QEMU's RSS is QEMU's own.  -ENOENT if there
 * is no such mapping.
 */
CTLAB_API int ctlab_proc_anon_rss(pid_t pid, uint64_t size, uint64_t *rss);

/*
 * ctlab_proc_cpu() - user + system CPU time of thread @tid of process
 * @pid (or of the whole process when @tid is 0), in nanoseconds, from
 * /proc/PID[/task/TID]/stat.  The kernel counts it in clock ticks, so
 * the resolution is 1/sysconf(_SC_CLK_TCK) s.
 */
CTLAB_API int ctlab_proc_cpu(pid_t pid, pid_t tid, uint64_t *ns);

/*
 * ctlab_proc_start_time() - when process @pid started, in clock ticks
 * since boot (field 22 of /proc/PID/stat).  A PID is reused after its
 * process ends; PID and start time together name one process for good.
 * Returns -ESRCH if there is no such process or it is a zombie.
 */
CTLAB_API int ctlab_proc_start_time(pid_t pid, uint64_t *start);

/* ---- QEMU guests (vm.c, vm_stats.c, accel.c) ------------------------ */

/*
 * Each guest has a run directory, CTLAB_RUN_DIR/NAME, by default
 * /run/ctlab/vm/NAME, holding:
 *   qmp.sock       its QMP socket (QEMU listens)
 *   console.sock   its virtio console, a shell (QEMU listens)
 *   serial.log     its serial console: boot log and the "ready" marker
 *   qemu.log       QEMU's own stderr
 *   vm.json        how it was started: pid, process start time, settings
 *   ready          the seconds from QEMU's start to the marker, once seen
 * A guest is "dead" when its QEMU process is gone but the directory is
 * not; stop, kill and rm clean that up.
 *
 * Images live in CTLAB_IMAGE_DIR/NAME (default: build/images/NAME of the
 * checkout): vmlinux, initramfs.cpio and, optionally, disk.ext4.
 */
#define CTLAB_VM_DEFAULT_RUN_DIR "/run/ctlab/vm"
#define CTLAB_VM_READY_MARKER "ctlab-guest-ready"
/* The guest's own clock's marks, on the marker's line (vm_timing.c). */
#define CTLAB_VM_MARKS "ctlab-guest-marks"
#define CTLAB_VM_MAX_CPUS 16
/*
 * TCG's translation cache, MiB.  QEMU reserves the whole but only what
 * it has translated into is resident: a small guest's boot alone fills
 * 30 MiB, the same under QEMU's default of 1 GiB; 32 MiB caps a busy
 * guest's.  A smaller cache saves memory (8 MiB: an idle guest's QEMU
 * holds 61 MiB of its own instead of 87) but QEMU flushes it when full
 * and translates again what still runs, which a guest nested in the lab
 * VM pays dearly: 214 s to ready at 8 MiB against 81 s at 32.
 */
#define CTLAB_VM_DEFAULT_TB_MIB 32

enum ctlab_accel {
	CTLAB_ACCEL_AUTO,	/* KVM if a probe boot works, else TCG */
	CTLAB_ACCEL_KVM,
	CTLAB_ACCEL_TCG,
};

/* The network card of a guest with a network. */
enum ctlab_vm_nic {
	CTLAB_NIC_VIRTIO,	/* virtio-net: paravirtual, made for guests */
	CTLAB_NIC_E1000,	/* an Intel 82540EM, emulated register by
				 * register, for which every OS has a driver */
};

/*
 * The machine QEMU emulates.  microvm boots fastest (no PCI bus, no
 * legacy timers, a hardware-reduced ACPI); pc is the PC of the 1990s
 * (PIIX, a PCI bus, a full ACPI), which an emulated PCI card needs.
 */
enum ctlab_vm_machine {
	CTLAB_MACHINE_AUTO,	/* microvm, or pc for an e1000 */
	CTLAB_MACHINE_MICROVM,
	CTLAB_MACHINE_PC,
};

struct ctlab_vm_config {
	const char *name;
	uint64_t mem;		/* guest RAM, bytes */
	unsigned int cpus;
	const char *image;	/* NULL: "guest" */
	bool disk;		/* attach disk.ext4 (writes are discarded) */
	bool net;		/* a NIC on QEMU's user-mode network */
	enum ctlab_vm_nic nic;	/* which NIC, if @net */
	enum ctlab_accel accel;
	enum ctlab_vm_machine machine;
	unsigned int tb_mib;	/* TCG translation cache, MiB; 0: the
				 * default, CTLAB_VM_DEFAULT_TB_MIB */
	const char *append;	/* extra kernel command line, or NULL */
};

/* ctlab_accel_name() - "auto", "kvm" or "tcg". */
CTLAB_API const char *ctlab_accel_name(enum ctlab_accel accel);

/*
 * ctlab_accel_resolve() - the accelerator to use for @want: KVM or TCG
 * as asked, or for CTLAB_ACCEL_AUTO the answer of a KVM probe boot.  The
 * probe's answer is cached until the host reboots, in the same file the
 * lab VM uses (${TMPDIR:-/tmp}/ctlab-kvm-probe.BOOT_ID), so the two never
 * disagree and the probe runs once.  Returns 0 and *@got, or -errno.
 */
CTLAB_API int ctlab_accel_resolve(enum ctlab_accel want,
				  enum ctlab_accel *got);

/*
 * ctlab_vm_run_dir() - write the run directory of guest @name (which must
 * be valid) into @buf.  Returns 0 or -ENAMETOOLONG.
 */
CTLAB_API int ctlab_vm_run_dir(const char *name, char *buf, size_t len);

/*
 * ctlab_vm_start() - start a guest as @cfg says and return once QEMU
 * answers on QMP (the guest is then booting; see ctlab_vm_wait_ready()).
 *
 * QEMU runs detached from the caller, in its own session, with no
 * terminal.  Returns 0, or -EINVAL (bad name or settings), -EEXIST (a
 * guest of that name exists, dead or alive), -ENOENT (no such image),
 * -ECHILD (QEMU exited at once: its reason is in @why), or -errno.  @why
 * (may be NULL) receives a one-line explanation on failure.
 */
CTLAB_API int ctlab_vm_start(const struct ctlab_vm_config *cfg,
			     char *why, size_t why_len);

/*
 * ctlab_vm_wait_ready() - wait up to @timeout_ms for guest @name to print
 * its ready marker, and store the seconds from QEMU's start to it in
 * *@boot_s (also kept in the run directory's "ready" file).  Returns 0,
 * -ETIMEDOUT, or -ECHILD if QEMU exited first.
 */
CTLAB_API int ctlab_vm_wait_ready(const char *name, int timeout_ms,
				  double *boot_s);

/*
 * ctlab_vm_timing() - where guest @name's boot went, once it is ready:
 * QEMU exec'd, QEMU's QMP greeting, the kernel entered, /init started
 * (those two from the guest's clock), the ready marker.  Returns 0,
 * -EAGAIN if it is not ready yet, -ENOENT if there is no such guest.
 */
CTLAB_API int ctlab_vm_timing(const char *name, struct ctlab_timing *t);

/*
 * ctlab_vm_stop() - power guest @name off: an ACPI power-button press,
 * then, if it is still running after @timeout_ms, QMP "quit", and as a
 * last resort SIGKILL.  Removes the run directory.  A dead guest is only
 * cleaned up; *@was_dead (may be NULL) says which happened.
 */
CTLAB_API int ctlab_vm_stop(const char *name, int timeout_ms, bool *was_dead);

/* ctlab_vm_kill() - SIGKILL guest @name's QEMU, remove its run directory. */
CTLAB_API int ctlab_vm_kill(const char *name, bool *was_dead);

/*
 * ctlab_vm_rm() - remove the run directory of a dead guest.  Returns
 * -EBUSY if its QEMU is still running, -ENOENT if there is no such guest.
 */
CTLAB_API int ctlab_vm_rm(const char *name);

/*
 * ctlab_vm_balloon() - ask guest @name's balloon driver to leave it
 * @bytes of RAM.  The guest gives memory back asynchronously; watch
 * balloon_actual in ctlab_vm_stats() follow.
 */
CTLAB_API int ctlab_vm_balloon(const char *name, uint64_t bytes);

/*
 * ctlab_vm_list() - the names of all guests with a run directory, sorted.
 * On success *@names is a NULL-terminated array to free with
 * ctlab_strv_free(), and the count is returned.
 */
CTLAB_API int ctlab_vm_list(char ***names);
CTLAB_API void ctlab_strv_free(char **strv);

struct ctlab_vcpu {
	pid_t tid;		/* the host thread running this vCPU */
	uint64_t cpu_ns;	/* its user + system time on the host */
};

/* What ctlab_vm_stats() found.  Fields it could not learn are 0. */
struct ctlab_vm_stats {
	char name[CTLAB_NAME_MAX];
	bool alive;		/* QEMU is running (else: dead) */
	pid_t pid;
	char status[24];	/* QMP query-status: "running", "paused", ... */
	char accel[8];		/* "kvm" or "tcg" */
	unsigned int cpus;
	double boot_s;		/* start to ready marker, < 0 if not seen */
	/* the guest's memory, as QEMU sees it */
	uint64_t mem;		/* configured RAM */
	uint64_t balloon_actual;	/* RAM the guest has after ballooning */
	/* the guest's own view, reported by its balloon driver */
	bool guest_stats;	/* the fields below are valid */
	uint64_t guest_total;	/* MemTotal */
	uint64_t guest_free;	/* MemFree */
	uint64_t guest_available;	/* MemAvailable */
	int64_t guest_stats_age_s;	/* how old the report is */
	/* the QEMU process, as the host sees it */
	uint64_t rss, pss;	/* bytes */
	uint64_t ram_rss;	/* of which the guest's RAM (see ctlab_proc_anon_rss) */
	uint64_t cpu_ns;	/* all threads, user + system */
	int64_t cpu_at_ns;	/* CLOCK_MONOTONIC when cpu_ns was read: a rate
				 * divides by the time between two of these,
				 * not by when the QMP queries after it ended */
	unsigned int nr_vcpus;
	struct ctlab_vcpu vcpu[CTLAB_VM_MAX_CPUS];
	/* its disks, QMP query-blockstats summed over devices */
	bool disk_stats;	/* the two below are valid */
	uint64_t disk_read, disk_written;	/* bytes */
};

/*
 * ctlab_vm_stats() - everything known about guest @name: its settings,
 * QMP's status and memory figures, the guest's memory statistics and the
 * host's view of its QEMU.  A dead guest gives 0 with alive false and
 * only the recorded settings filled in.
 */
CTLAB_API int ctlab_vm_stats(const char *name, struct ctlab_vm_stats *st);

/*
 * ctlab_vm_stats_within() - the same, giving QEMU @timeout_ms for each
 * QMP question rather than 5 s: for a caller that must not wait long for
 * a hung or stopped QEMU (ctlab top).  A guest that does not answer in
 * time shows as "unresponsive", with the host's figures only.
 */
CTLAB_API int ctlab_vm_stats_within(const char *name, int timeout_ms,
				    struct ctlab_vm_stats *st);

#endif /* CTLAB_H */
