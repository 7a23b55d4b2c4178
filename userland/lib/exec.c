// SPDX-License-Identifier: GPL-2.0
/*
 * exec.c: running one more command in a running container, the way
 * `docker exec` or `nsenter` does.
 *
 * The new process joins the container's cgroup (so the limit covers it),
 * then every namespace of the container's init at once, through a pidfd
 * (setns() takes one since Linux 5.8).  Joining a PID namespace applies
 * to children only, so it forks once more; joining the mount namespace
 * has already put it at the container's root.  The module needs to be
 * told nothing: the process is in the container's PID namespace, so it
 * is a member.  In a container with a user namespace the command runs as
 * that namespace's root, as the container's init does.
 *
 * A step that fails is reported through a close-on-exec pipe, as the
 * launcher's are (launch.c): so a command's own exit status, whatever it
 * is, is never taken for ctlab failing to join (125) or to find it (127).
 * With a terminal (-t) the command gets one of its own in the
 * container's /dev/pts (pty.c): the caller's terminal is never handed in.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"

#define JOINED (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
		CLONE_NEWNET | CLONE_NEWCGROUP)
#define MAX_ENV 64

/*
 * Joins every namespace of the task behind @pidfd at once.  A container
 * with a user namespace (@namespaces has CTLAB_NS_USER) is joined as its
 * root, uid and gid 0 there; joining one's own user namespace is an
 * error, so it is only asked for when the container has one.
 */
static int join(int pidfd, uint32_t namespaces)
{
	if (!(namespaces & CTLAB_NS_USER))
		return setns(pidfd, JOINED);
	if (setns(pidfd, JOINED | CLONE_NEWUSER) || setresgid(0, 0, 0) ||
	    setgroups(0, NULL) || setresuid(0, 0, 0))
		return -1;
	return 0;
}

/* The command's environment: the container's defaults, then -e's. */
static void make_env(const struct ctlab_exec_config *cfg, char **env)
{
	static char term[128];
	static char *defaults[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=/root", "container=ctlab",
	};
	size_t n = 0, i;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		env[n++] = defaults[i];
	if (cfg->tty && getenv("TERM")) {
		snprintf(term, sizeof(term), "TERM=%s", getenv("TERM"));
		env[n++] = term;
	}
	for (i = 0; cfg->env && cfg->env[i] && n < MAX_ENV; i++)
		env[n++] = cfg->env[i];
	env[n] = NULL;
}

/* In the joined namespaces: becomes the command, or reports why not. */
__attribute__((noreturn))
static void run_command(struct launch *l, const struct ctlab_exec_config *cfg)
{
	char *env[MAX_ENV + 8];
	int i;

	l->step = CTLAB_STEP_SETUP;
	for (i = 0; i < 3; i++)
		if (cfg->stdio[i] >= 0 && act("syscall", "dup2(pipe, %d)", i) &&
		    dup2(cfg->stdio[i], i) < 0)
			launch_fail(l, errno, "taking its standard files");
	if (act("syscall", "chdir(\"%s\")", cfg->workdir ? cfg->workdir : "/") &&
	    chdir(cfg->workdir ? cfg->workdir : "/"))
		launch_fail(l, errno, "changing to %s",
			    cfg->workdir ? cfg->workdir : "/");
	if (cfg->tty) {
		l->step = CTLAB_STEP_TERMINAL;
		launch_take_tty(l);
	}
	l->step = CTLAB_STEP_SETUP;
	ctlab_drop_capabilities();
	if (cfg->set_user &&
	    act("syscall", "setgroups(0, NULL), setresgid(%u, %u, %u), setresuid(%u, %u, %u)",
		(unsigned)cfg->gid, (unsigned)cfg->gid, (unsigned)cfg->gid,
		(unsigned)cfg->uid, (unsigned)cfg->uid, (unsigned)cfg->uid) &&
	    (setgroups(0, NULL) ||
			      setresgid(cfg->gid, cfg->gid, cfg->gid) ||
			      setresuid(cfg->uid, cfg->uid, cfg->uid)))
		launch_fail(l, errno, "becoming user %u", (unsigned)cfg->uid);
	make_env(cfg, env);
	l->step = CTLAB_STEP_COMMAND;
	if (!act("syscall", "execvpe(\"%s\", argv, {PATH, HOME, container=ctlab, -e's}): the command, in the container",
		 cfg->argv[0]))
		_exit(0);
	execvpe(cfg->argv[0], cfg->argv, env);
	launch_fail(l, errno, "running %s", cfg->argv[0]);
}

/* The helper: joins, forks the command, passes its status on. */
__attribute__((noreturn))
static void helper(struct launch *l, const struct ctlab_exec_config *cfg,
		   const char *name, int pidfd, uint32_t namespaces)
{
	pid_t pid;
	int status, err, i;

	l->step = CTLAB_STEP_JOIN;
	act_actor("helper");
	err = ctlab_cgroup_join(name);
	if (err)
		launch_fail(l, err, "joining its cgroup");
	if (act("syscall", "setns(pidfd of its init, CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWCGROUP%s)%s",
		namespaces & CTLAB_NS_USER ? "|CLONE_NEWUSER" : "",
		namespaces & CTLAB_NS_USER ?
		", setresgid(0, 0, 0), setgroups(0, NULL), setresuid(0, 0, 0)" : "") &&
	    join(pidfd, namespaces))
		launch_fail(l, errno, "joining its namespaces");
	act("syscall", "fork(): a child in its PID namespace, for the command");
	pid = fork();
	if (pid < 0)
		launch_fail(l, errno, "forking in its PID namespace");
	if (pid == 0)
		run_command(l, cfg);
	/* Ours closed, the command's copies alone tell of its exec, and
	 * of the end of its output. */
	close(l->report);
	for (i = 0; i < 3; i++)
		if (cfg->stdio[i] >= 0)
			close(cfg->stdio[i]);
	if (l->tty_sock >= 0)
		close(l->tty_sock);
	/* Signals to ctlab's helper are meant for the command. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	if (waitpid(pid, &status, 0) != pid)
		_exit(125);
	if (WIFSIGNALED(status))
		_exit(128 + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}

/* Which running container, and a pidfd on its init. */
static int find_init(const char *name, int *pidfd, uint32_t *namespaces)
{
	struct ctlab_stats st;
	int fd, err;

	err = ctlab_open(&fd);
	if (err)
		return err;
	err = ctlab_stats(fd, 0, name, &st);
	close(fd);
	if (err)
		return err;
	if (st.state != CTLAB_STATE_RUNNING || st.init_pid <= 0)
		return -ESRCH;
	*pidfd = syscall(SYS_pidfd_open, st.init_pid, 0);
	if (*pidfd < 0)
		return -errno;
	*namespaces = st.namespaces;
	return 0;
}

int ctlab_ct_exec_start(const char *name, const struct ctlab_exec_config *cfg,
			struct ctlab_launched *out)
{
	struct launch l = { .tty_sock = -1 };
	struct launch_report r;
	int report[2], sock[2] = { -1, -1 }, pidfd, err;
	uint32_t namespaces = 0;

	out->tty = -1;
	out->step = CTLAB_STEP_REQUEST;
	if (ctlab_name_valid(name) || !cfg->argv || !cfg->argv[0])
		return -EINVAL;
	out->step = CTLAB_STEP_JOIN;
	err = find_init(name, &pidfd, &namespaces);
	if (err)
		return err;
	if (pipe2(report, O_CLOEXEC)) {
		err = -errno;
		close(pidfd);
		return err;
	}
	if (cfg->tty && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock))
		sock[0] = sock[1] = -1;
	out->pid = fork();
	if (out->pid == 0) {
		close(report[0]);
		l.report = report[1];
		l.tty_sock = sock[1];
		helper(&l, cfg, name, pidfd, namespaces);
	}
	err = out->pid < 0 ? -errno : 0;
	close(pidfd);
	close(report[1]);
	if (sock[1] >= 0)
		close(sock[1]);
	if (!err && read(report[0], &r, sizeof(r)) == sizeof(r)) {
		/* The helper exits once its command does: nothing to kill. */
		waitpid(out->pid, NULL, 0);
		out->step = r.step;
		err = r.err;
	} else if (!err && cfg->tty) {
		out->step = CTLAB_STEP_TERMINAL;
		err = sock[0] >= 0 ? launch_receive_tty(sock[0], &out->tty) :
		      -EMFILE;
		if (err) {
			kill(out->pid, SIGKILL);
			waitpid(out->pid, NULL, 0);
		}
	}
	if (!err)
		out->step = CTLAB_STEP_NONE;
	close(report[0]);
	if (sock[0] >= 0)
		close(sock[0]);
	return err;
}
