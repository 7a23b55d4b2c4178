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
 */
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

#define JOINED (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
		CLONE_NEWNET | CLONE_NEWCGROUP)

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

/* In the joined namespaces: the process that runs the command. */
static int run_inside(char *const argv[])
{
	char *env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=/root", "container=ctlab", NULL,
	};
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return 126;
	if (pid == 0) {
		if (chdir("/"))
			_exit(126);
		ctlab_drop_capabilities();
		execvpe(argv[0], argv, env);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 126;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int ctlab_ct_exec(const char *name, char *const argv[], int *status)
{
	struct ctlab_stats st;
	int fd, pidfd, err;
	pid_t pid;

	if (ctlab_name_valid(name) || !argv || !argv[0])
		return -EINVAL;
	err = ctlab_open(&fd);
	if (err)
		return err;
	err = ctlab_stats(fd, 0, name, &st);
	close(fd);
	if (err)
		return err;
	if (st.state != CTLAB_STATE_RUNNING || st.init_pid <= 0)
		return -ESRCH;
	pidfd = syscall(SYS_pidfd_open, st.init_pid, 0);
	if (pidfd < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		if (ctlab_cgroup_join(name) || join(pidfd, st.namespaces))
			_exit(125);
		_exit(run_inside(argv));
	}
	close(pidfd);
	if (pid < 0)
		return -errno;
	if (waitpid(pid, status, 0) != pid)
		return -errno;
	return 0;
}
