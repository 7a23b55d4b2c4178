// SPDX-License-Identifier: GPL-2.0
/*
 * launch.c: starting a container, the part the kernel module cannot do.
 *
 * A module cannot create namespaces, so userland does it, like crun or
 * lxc-start.  The launcher makes the container's cgroup, asks the module
 * to CREATE a record for it, makes its run directory, and then clone3()
 * makes the container's first task in new PID, mount, UTS, IPC, network
 * and cgroup namespaces (and a user namespace, with --userns), inside
 * the cgroup.  What must be done from outside, it does while that task
 * waits on the go-ahead pipe: write the user namespace's id maps
 * (userns.c) and plug in the veth pair (net.c).  Then the task builds
 * its own world:
 *
 *   stdio       the caller's; or, detached, /dev/null in and output.log
 *               out; or, with -t, a terminal of its own (pty.c), made
 *               once its root is built
 *   root        uid and gid 0 of its user namespace, if it has one
 *   hostname    the container's name
 *   network     lo up; with --net, eth0 addressed and routed
 *   root fs     the overlay root, /proc, /sys, /dev, /tmp (rootfs.c)
 *   capabilities  those a container must not have (loading modules,
 *               setting the clock, rebooting...) leave its bounding set
 *   ENTER       it asks the module to make it the container's init:
 *               from now on the kernel counts every task it forks
 *   execve      the command
 *
 * ctlab_ct_create() stops before ENTER: the task tells the launcher it
 * is "created" and waits on the run directory's start FIFO, until
 * ctlab_ct_start() writes a byte there.  So `ctlab create` finds every
 * mistake (no template, no such command) and `ctlab start` only lets go.
 *
 * If a step fails, the task reports which step and the errno through a
 * close-on-exec pipe; a successful execve() closes the pipe instead.
 *
 * With cfg->timing each step leaves a mark (ctlab_timing_mark()): the
 * task's marks go into a page it shares with the launcher, so that
 * `ctlab run --timing` can say where a container's start-up time goes.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"

#define CONTAINER_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

void launch_fail(struct launch *l, int err, const char *fmt, ...)
{
	struct launch_report r = { .err = err < 0 ? err : -err,
				   .step = l->step };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r.what, sizeof(r.what), fmt, ap);
	va_end(ap);
	/* Once "created" is reported nobody listens: say it in output.log. */
	if (l->report < 0) {
		fprintf(stderr, "ctlab: %s: %s\n", r.what, strerror(-r.err));
		_exit(127);
	}
	if (write(l->report, &r, sizeof(r)) != sizeof(r))
		_exit(126);
	_exit(127);
}

/* A detached container does not hold its launcher's terminal or pipes. */
static void detach_stdio(struct launch *l)
{
	int in, out;

	if (!act("syscall", "open(\"/dev/null\") and open(\"%s\", O_CREAT|O_APPEND) as stdin and stdout, stderr (dup2); setsid()",
		 l->log))
		return;
	in = open("/dev/null", O_RDONLY);
	out = open(l->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(out, 2) < 0)
		launch_fail(l, errno, "redirecting its output to %s", l->log);
	close(in);
	close(out);
	/* Its own session: the caller's terminal hanging up is not its end. */
	setsid();
}

/*
 * Can the container run @path?  Explaining, its root was not built:
 * the template below the overlay is what it would see.
 */
static int can_run(struct launch *l, const char *path)
{
	char in_template[PATH_MAX + LAUNCH_PATH_MAX];

	if (!ctlab_explaining())
		return access(path, X_OK);
	snprintf(in_template, sizeof(in_template), "%s%s", l->cfg->template,
		 path);
	return access(in_template, X_OK);
}

/* argv[0] in the container's PATH, as a shell would find it, into @buf. */
static void find_command(struct launch *l, char *buf, size_t len)
{
	const char *cmd = l->cfg->argv[0];
	char dirs[] = CONTAINER_PATH, *dir, *save;

	if (strchr(cmd, '/')) {
		snprintf(buf, len, "%s", cmd);
		if (can_run(l, buf))
			launch_fail(l, errno, "running %s", cmd);
		return;
	}
	for (dir = strtok_r(dirs, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, len, "%s/%s", dir, cmd);
		if (!can_run(l, buf))
			return;
	}
	launch_fail(l, ENOENT, "running %s", cmd);
}

/* Created, not started: report it, then wait for ctlab_ct_start(). */
static void wait_for_start(struct launch *l)
{
	struct launch_report r = { .err = 0, .what = "created" };
	char byte;

	ctlab_timing_mark(l->timing, "created: waits for ctlab start");
	if (write(l->report, &r, sizeof(r)) != sizeof(r))
		_exit(126);
	close(l->report);
	l->report = -1;
	if (!act("syscall", "read(\"%s\"): waits for ctlab start's byte",
		 l->fifo))
		_exit(0);
	if (read(l->start_fifo, &byte, 1) != 1)
		launch_fail(l, EPIPE, "waiting for ctlab start");
	close(l->start_fifo);
}

/* The container's first task: builds its world, becomes init, execs. */
static int child(struct launch *l)
{
	char *env[] = {
		"PATH=" CONTAINER_PATH, "HOME=/root", "container=ctlab",
		NULL, NULL,
	};
	char term[64], path[PATH_MAX], go;
	int err;

	act_actor("task");
	ctlab_timing_mark(l->timing, "cloned into new namespaces");
	/* The launcher writes the id maps and plugs in eth0 meanwhile. */
	if (read(l->go, &go, 1) != 1)
		_exit(126);
	close(l->go);
	l->step = CTLAB_STEP_SETUP;
	/* Host files first: in a user namespace they are no longer ours. */
	if (l->cfg->detach)
		detach_stdio(l);
	if (l->cfg->userns_base)
		launch_become_root(l);
	if (act("syscall", "sethostname(\"%s\")", l->cfg->name) &&
	    sethostname(l->cfg->name, strlen(l->cfg->name)))
		launch_fail(l, errno, "setting the hostname");
	launch_net_inside(l);
	ctlab_timing_mark(l->timing, l->cfg->net ? "hostname set, lo and eth0 up"
			  : "hostname set, lo up");
	launch_make_root(l);
	if (l->cfg->tty)
		launch_take_tty(l);
	err = ctlab_drop_capabilities();
	if (err)
		launch_fail(l, err, "dropping capabilities");
	l->step = CTLAB_STEP_COMMAND;
	find_command(l, path, sizeof(path));
	ctlab_timing_mark(l->timing, "capabilities dropped, command found");
	l->step = CTLAB_STEP_WAIT_START;
	if (l->wait_for_start)
		wait_for_start(l);

	l->step = CTLAB_STEP_ENTER;
	err = ctlab_enter(l->dev, l->id);
	if (err)
		launch_fail(l, err, "ENTER (becoming the container's init)");
	l->step = CTLAB_STEP_COMMAND;
	close(l->dev);
	ctlab_timing_mark(l->timing, "ENTER: the module counts it");
	if (getenv("TERM")) {
		snprintf(term, sizeof(term), "TERM=%s", getenv("TERM"));
		env[3] = term;
	}
	if (!act("syscall", "execve(\"%s\", argv, {PATH, HOME, container=ctlab, TERM}): the command runs as init (PID 1)",
		 path))
		_exit(0);	/* explaining: as if execve() closed the pipe */
	execve(path, l->cfg->argv, env);
	launch_fail(l, errno, "running %s", l->cfg->argv[0]);
}

/* Makes NAME's run directory: upper and work for the overlay, root. */
static int make_run_dir(struct launch *l)
{
	char dir[LAUNCH_PATH_MAX - 16];
	int err;

	err = ctlab_ct_run_dir(l->cfg->name, dir, sizeof(dir));
	if (err)
		return err;
	/* What a container of this name left behind is not this one's. */
	err = ctlab_rm_rf(dir);
	if (err)
		return err;
	snprintf(l->upper, sizeof(l->upper), "%s/upper", dir);
	snprintf(l->work, sizeof(l->work), "%s/work", dir);
	snprintf(l->root, sizeof(l->root), "%s/root", dir);
	snprintf(l->log, sizeof(l->log), "%s/output.log", dir);
	snprintf(l->fifo, sizeof(l->fifo), "%s/" CTLAB_CT_START_FIFO, dir);
	err = ctlab_mkdir_p(l->upper);
	if (!err)
		err = ctlab_mkdir_p(l->work);
	if (!err)
		err = ctlab_mkdir_p(l->root);
	if (!err && l->cfg->userns_base)
		err = launch_chown_run_dir(l);
	/* O_RDWR: the task holds a writer itself, so read() waits for data. */
	if (!err && l->wait_for_start &&
	    act("syscall", "mkfifo(\"%s\", 0600), open(O_RDWR): the start FIFO",
		l->fifo) &&
	    (mkfifo(l->fifo, 0600) ||
	     (l->start_fifo = open(l->fifo, O_RDWR | O_CLOEXEC)) < 0))
		err = -errno;
	return err;
}

static void remove_run_dir(const char *name)
{
	char dir[LAUNCH_PATH_MAX];

	if (!ctlab_ct_run_dir(name, dir, sizeof(dir)))
		ctlab_rm_rf(dir);
}

/* What the launcher does outside while the task waits, then "go". */
static int prepare_outside(struct launch *l, pid_t pid, int go,
			   char *why, size_t why_len)
{
	int err = 0;

	l->step = CTLAB_STEP_OUTSIDE;
	if (l->cfg->userns_base) {
		snprintf(why, why_len, "writing its uid and gid maps");
		err = launch_map_ids(l->cfg, pid);
		ctlab_timing_mark(l->timing, "uid and gid maps written");
	}
	if (!err && l->cfg->net) {
		snprintf(why, why_len, "adding its veth pair");
		err = launch_net_host(l->id, pid);
		ctlab_timing_mark(l->timing, "veth pair added, host's end up");
	}
	act("syscall", "write(go pipe, \"g\"): the task goes on");
	if (!err && write(go, "g", 1) != 1)
		err = -errno;
	return err;
}

/* clone3()'s flags, for --explain. */
static const char *flags_text(uint64_t flags)
{
	static const struct act_flag names[] = {
		ACT_FLAG(CLONE_NEWPID), ACT_FLAG(CLONE_NEWNS),
		ACT_FLAG(CLONE_NEWUTS), ACT_FLAG(CLONE_NEWIPC),
		ACT_FLAG(CLONE_NEWNET), ACT_FLAG(CLONE_NEWCGROUP),
		ACT_FLAG(CLONE_NEWUSER), ACT_FLAG(CLONE_INTO_CGROUP),
	};
	static char text[160];

	return act_flags(flags, names, sizeof(names) / sizeof(names[0]), text,
			 sizeof(text));
}

/* Clones the first task and waits for its report. */
static int start_child(struct launch *l, int cgroup_fd, pid_t *pid,
		       char *why, size_t why_len)
{
	struct clone_args ca = {
		.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
			 CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP |
			 CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
		.cgroup = (uint64_t)cgroup_fd,
	};
	struct launch_report r;
	int report[2], go[2], err;
	long ret;

	if (l->cfg->userns_base)
		ca.flags |= CLONE_NEWUSER;
	if (pipe2(report, O_CLOEXEC))
		return -errno;
	if (pipe2(go, O_CLOEXEC)) {
		err = -errno;
		close(report[0]);
		close(report[1]);
		return err;
	}
	l->report = report[1];
	l->go = go[0];
	/* Explaining, a plain child stands in for the task: it says all. */
	if (act("syscall", "clone3({flags=%s, exit_signal=SIGCHLD, cgroup=the cgroup's fd}): the container's first task, in its cgroup",
		flags_text(ca.flags)))
		ret = syscall(SYS_clone3, &ca, sizeof(ca));
	else
		ret = fork();
	if (ret == 0) {
		close(report[0]);
		close(go[1]);
		_exit(child(l));
	}
	err = ret < 0 ? -errno : 0;
	close(report[1]);
	close(go[0]);
	if (ret < 0) {
		l->step = CTLAB_STEP_CLONE;
		snprintf(why, why_len, "clone3 into new namespaces");
		goto out;
	}
	*pid = ret;
	err = prepare_outside(l, ctlab_explaining() ? 0 : *pid, go[1], why,
			      why_len);
	close(go[1]);
	go[1] = -1;
	if (err) {
		kill(*pid, SIGKILL);
	} else if (read(report[0], &r, sizeof(r)) == sizeof(r)) {
		snprintf(why, why_len, "%s", r.what);
		l->step = r.step;
		err = r.err;
	} else if (l->wait_for_start) {
		l->step = CTLAB_STEP_DIED;
		snprintf(why, why_len, "setting it up: it died");
		err = -ECHILD;
	} else {
		/* The pipe closed: execve() got past its point of no return. */
		ctlab_timing_mark(l->timing, "execve done: the command runs");
	}
	if (err || ctlab_explaining())
		waitpid(*pid, NULL, 0);
	if (ctlab_explaining())
		*pid = 0;
out:
	close(report[0]);
	if (go[1] >= 0)
		close(go[1]);
	return err;
}

/* The record's namespaces: those the task must have at ENTER. */
static uint32_t required_namespaces(const struct ctlab_run_config *cfg)
{
	uint32_t ns = CTLAB_NS_MNT | CTLAB_NS_UTS | CTLAB_NS_IPC |
		      CTLAB_NS_NET | CTLAB_NS_CGROUP;

	return cfg->userns_base ? ns | CTLAB_NS_USER : ns;
}

/* The caller's timing, in a page the first task shares (or NULL). */
static struct ctlab_timing *share_timing(const struct ctlab_run_config *cfg)
{
	struct ctlab_timing *t;

	if (!cfg->timing)
		return NULL;
	t = mmap(NULL, sizeof(*t), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return NULL;
	*t = *cfg->timing;
	if (!t->start_ns)
		t->start_ns = ctlab_now_ns();
	return t;
}

/* ...and back to the caller, in the order of time. */
static void unshare_timing(const struct ctlab_run_config *cfg,
			   struct ctlab_timing *t)
{
	if (!t)
		return;
	*cfg->timing = *t;
	timing_sort(cfg->timing);
	munmap(t, sizeof(*t));
}

/* Everything ctlab_ct_run() and ctlab_ct_create() share. */
static int launch(struct launch *l, struct ctlab_launched *out,
		  char *why, size_t why_len)
{
	const struct ctlab_run_config *cfg = l->cfg;
	struct ctlab_create req;
	struct ctlab_stats st;
	char busybox[PATH_MAX];
	int cgroup_fd = -1, tty_sock[2], err;

	l->start_fifo = l->tty_sock = out->tty = -1;
	l->step = CTLAB_STEP_REQUEST;
	snprintf(why, why_len, "checking the request");
	if (ctlab_name_valid(cfg->name) || !cfg->argv || !cfg->argv[0] ||
	    (cfg->tty && cfg->detach))
		return -EINVAL;
	snprintf(busybox, sizeof(busybox), "%s/bin/busybox", cfg->template);
	l->step = CTLAB_STEP_TEMPLATE;
	if (access(busybox, X_OK)) {
		snprintf(why, why_len, "no container template at %s",
			 cfg->template);
		return -ENOENT;
	}
	l->step = CTLAB_STEP_DEVICE;
	snprintf(why, why_len, "opening " CTLAB_DEVICE);
	err = ctlab_open(&l->dev);
	if (err)
		return err;
	/* Before its cgroup is touched: that may be an exited namesake's. */
	l->step = CTLAB_STEP_CREATE;
	snprintf(why, why_len, "CREATE");
	if (!ctlab_stats(l->dev, 0, cfg->name, &st)) {
		err = -EEXIST;
		goto out_close;
	}
	l->step = CTLAB_STEP_CGROUP;
	ctlab_timing_mark(l->timing, "checked: template, module, name free");
	snprintf(why, why_len, "making its cgroup");
	err = ctlab_cgroup_make(cfg->name, &cgroup_fd);
	if (err)
		goto out_close;
	if (cfg->cpu_milli) {
		snprintf(why, why_len, "setting its CPU limit (cpu.max)");
		err = ctlab_cgroup_set_cpus(cfg->name, cfg->cpu_milli);
		if (err)
			goto out_cgroup;
	}
	ctlab_timing_mark(l->timing, "cgroup made");

	memset(&req, 0, sizeof(req));
	strcpy(req.name, cfg->name);
	req.limit = cfg->limit;
	req.barrier = cfg->barrier;
	req.on_limit = cfg->on_limit;
	req.cgroup_fd = cgroup_fd;
	req.namespaces = required_namespaces(cfg);
	l->step = CTLAB_STEP_CREATE;
	snprintf(why, why_len, "CREATE");
	err = ctlab_create(l->dev, &req);
	/* A namesake created since: the cgroup is its, leave it alone. */
	if (err == -EEXIST)
		goto out_files;
	if (err)
		goto out_cgroup;
	l->id = out->id = req.id;
	l->step = CTLAB_STEP_RUN_DIR;
	ctlab_timing_mark(l->timing, "record created (CREATE)");
	snprintf(why, why_len, "making its run directory");
	err = make_run_dir(l);
	if (!err)
		ctlab_timing_mark(l->timing, "run directory made");
	if (!err && cfg->tty && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC,
					   0, tty_sock) == 0)
		l->tty_sock = tty_sock[1];
	else if (!err && cfg->tty)
		err = -errno;
	if (!err)
		err = start_child(l, cgroup_fd, &out->pid, why, why_len);
	/* The task has exec'd: its terminal's master is in the socket. */
	if (!err && cfg->tty) {
		l->step = CTLAB_STEP_TERMINAL;
		snprintf(why, why_len, "receiving its terminal");
		if (act("syscall", "recvmsg(its socket): the terminal's master end (SCM_RIGHTS)"))
			err = launch_receive_tty(tty_sock[0], &out->tty);
		if (err) {
			kill(out->pid, SIGKILL);
			waitpid(out->pid, NULL, 0);
		}
	}
	if (err) {
		ctlab_destroy(l->dev, l->id);
		goto out_cgroup;
	}
	goto out_files;

out_cgroup:
	ctlab_cgroup_remove(cfg->name);
	if (l->upper[0])
		remove_run_dir(cfg->name);
out_files:
	close(cgroup_fd);
	if (l->tty_sock >= 0) {
		close(tty_sock[0]);
		close(tty_sock[1]);
	}
	if (l->start_fifo >= 0)
		close(l->start_fifo);
out_close:
	close(l->dev);
	return err;
}

/* Says which step failed in ctlab_launched, whatever the path out. */
static int launch_step(struct launch *l, struct ctlab_launched *out,
		       char *why, size_t why_len)
{
	int err = launch(l, out, why, why_len);

	out->step = err ? l->step : CTLAB_STEP_NONE;
	return err;
}

const char *ctlab_launch_step_name(enum ctlab_launch_step step)
{
	static const char *const names[] = {
		[CTLAB_STEP_NONE] = "none", [CTLAB_STEP_REQUEST] = "request",
		[CTLAB_STEP_TEMPLATE] = "template",
		[CTLAB_STEP_DEVICE] = "device", [CTLAB_STEP_CREATE] = "create",
		[CTLAB_STEP_CGROUP] = "cgroup", [CTLAB_STEP_RUN_DIR] = "run-dir",
		[CTLAB_STEP_CLONE] = "clone", [CTLAB_STEP_OUTSIDE] = "outside",
		[CTLAB_STEP_SETUP] = "setup",
		[CTLAB_STEP_WAIT_START] = "wait-start",
		[CTLAB_STEP_DIED] = "died", [CTLAB_STEP_ENTER] = "enter",
		[CTLAB_STEP_JOIN] = "join", [CTLAB_STEP_COMMAND] = "command",
		[CTLAB_STEP_TERMINAL] = "terminal",
	};

	return step < sizeof(names) / sizeof(names[0]) && names[step] ?
	       names[step] : "?";
}

int ctlab_ct_run(const struct ctlab_run_config *cfg,
		 struct ctlab_launched *out, char *why, size_t why_len)
{
	struct launch l = { .cfg = cfg, .timing = share_timing(cfg) };
	int err = launch_step(&l, out, why, why_len);

	unshare_timing(cfg, l.timing);
	return err;
}

int ctlab_ct_create(const struct ctlab_run_config *cfg,
		    struct ctlab_launched *out, char *why, size_t why_len)
{
	struct launch l = { .cfg = cfg, .wait_for_start = true };
	int err;

	/* It outlives its creator: no terminal, output in output.log. */
	if (!cfg->detach || cfg->tty) {
		snprintf(why, why_len, "a created container runs detached");
		out->step = CTLAB_STEP_REQUEST;
		return -EINVAL;
	}
	l.timing = share_timing(cfg);
	err = launch_step(&l, out, why, why_len);
	unshare_timing(cfg, l.timing);
	return err;
}
