// SPDX-License-Identifier: GPL-2.0
/*
 * container.c: a container's life after the launch: stop, remove, and
 * the run directory, /run/ctlab/ct/NAME (CTLAB_CT_RUN_DIR overrides
 * /run/ctlab/ct), which holds its overlay's upper and work directories.
 *
 * The module is the authority on whether a container exists and who its
 * members are; these functions only ask it (STATS), tell it (DESTROY) and
 * clean up what the launcher made around it: the cgroup and the run
 * directory.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

int ctlab_ct_run_dir(const char *name, char *buf, size_t len)
{
	const char *base = getenv("CTLAB_CT_RUN_DIR");
	int n;

	if (!base || !*base)
		base = CTLAB_CT_DEFAULT_RUN_DIR;
	n = snprintf(buf, len, "%s/%s", base, name);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ctlab_mkdir_p(const char *path)
{
	char buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	if (!act("syscall", "mkdir -p \"%s\" (mkdir(2) each missing part, 0755)",
		 path))
		return 0;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

static int remove_one(const char *path, const struct stat *sb, int type,
		      struct FTW *ftw)
{
	(void)sb, (void)ftw;
	return (type == FTW_DP ? rmdir(path) : unlink(path)) ? -1 : 0;
}

int ctlab_rm_rf(const char *path)
{
	/* The container's root may still be mounted here by a crash. */
	char root[PATH_MAX];

	snprintf(root, sizeof(root), "%s/root", path);
	if (!act("syscall", "umount2(\"%s\", MNT_DETACH); unlink(2) and rmdir(2) everything under \"%s\" (nftw), if there",
		 root, path))
		return 0;
	umount2(root, MNT_DETACH);
	if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT)
		return -errno;
	return 0;
}

/*
 * Waits up to @timeout_ms until container @id is (@in_state true) or is
 * no longer (false) in @state; true if it happened.  A container that
 * is gone is in no state.
 */
static bool wait_state(int fd, uint32_t id, uint32_t state, bool in_state,
		       int timeout_ms)
{
	struct ctlab_stats st;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[4096];

	for (;;) {
		/* Read first, so that poll() waits for the next change. */
		if (pread(fd, buf, sizeof(buf), 0) < 0)
			return false;
		if (ctlab_stats(fd, id, NULL, &st))
			return !in_state;
		if ((st.state == state) == in_state)
			return true;
		if (timeout_ms <= 0)
			return false;
		poll(&p, 1, timeout_ms < 100 ? timeout_ms : 100);
		timeout_ms -= 100;
	}
}

static bool wait_not_running(int fd, uint32_t id, int timeout_ms)
{
	return wait_state(fd, id, CTLAB_STATE_RUNNING, false, timeout_ms);
}

/* Looks container @name up; opens the device into *@fd. */
static int find(const char *name, int *fd, struct ctlab_stats *st)
{
	int err;

	if (ctlab_name_valid(name))
		return -EINVAL;
	err = ctlab_open(fd);
	if (err)
		return err;
	err = ctlab_stats(*fd, 0, name, st);
	if (err)
		close(*fd);
	return err;
}

/*
 * Lets created container @name go: one byte into the FIFO its first task
 * waits on.  O_NONBLOCK makes open() fail at once, with ENXIO, if nobody
 * has the FIFO open for reading: the task is gone.
 */
static int release(const char *name)
{
	char fifo[PATH_MAX];
	int fd, err;

	err = ctlab_ct_run_dir(name, fifo, sizeof(fifo) - 16);
	if (err)
		return err;
	strcat(fifo, "/" CTLAB_CT_START_FIFO);
	if (!act("syscall", "open(\"%s\", O_WRONLY|O_NONBLOCK), write(\"s\"), unlink: its first task goes on to ENTER and execve",
		 fifo))
		return 0;
	fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENXIO || errno == ENOENT ? -ESRCH : -errno;
	err = write(fd, "s", 1) == 1 ? 0 : -errno;
	close(fd);
	unlink(fifo);
	return err;
}

int ctlab_ct_start_timed(const char *name, int timeout_ms, pid_t *pid,
			 struct ctlab_timing *timing)
{
	struct ctlab_stats st;
	int fd, err;

	err = find(name, &fd, &st);
	if (err)
		return err;
	if (st.state != CTLAB_STATE_CREATED)
		err = -EALREADY;
	ctlab_timing_mark(timing, "found it created (STATS)");
	if (!err)
		err = release(name);
	ctlab_timing_mark(timing, "released: a byte into its start FIFO");
	if (!err && act("syscall", "poll(/dev/ctlab) and STATS until it is no longer created, at most %d ms",
			timeout_ms) &&
	    !wait_state(fd, st.id, CTLAB_STATE_CREATED, false, timeout_ms))
		err = -ETIMEDOUT;
	if (!err)
		err = ctlab_stats(fd, st.id, NULL, &st);
	ctlab_timing_mark(timing, "ENTER seen: the module shows it running");
	if (!err)
		*pid = st.init_pid;
	close(fd);
	return err;
}

int ctlab_ct_start(const char *name, int timeout_ms, pid_t *pid)
{
	return ctlab_ct_start_timed(name, timeout_ms, pid, NULL);
}

int ctlab_ct_stop(const char *name, int timeout_ms, bool *forced)
{
	struct ctlab_stats st;
	int fd, err;

	err = find(name, &fd, &st);
	if (err)
		return err;
	*forced = false;
	/* Created, not started: only its waiting task is there to end. */
	if (st.state == CTLAB_STATE_CREATED) {
		close(fd);
		return ctlab_cgroup_kill(name);
	}
	if (st.state == CTLAB_STATE_RUNNING && st.init_pid > 0 &&
	    !act("syscall", "kill(%d, SIGTERM); poll(/dev/ctlab) and STATS until it is not running, at most %d ms; then, if it still runs, kill(%d, SIGKILL): init's end ends its PID namespace",
		 st.init_pid, timeout_ms, st.init_pid)) {
		close(fd);
		return 0;
	}
	if (st.state == CTLAB_STATE_RUNNING && st.init_pid > 0) {
		/* A namespace's init gets SIGTERM only if it handles it. */
		kill(st.init_pid, SIGTERM);
		*forced = !wait_not_running(fd, st.id, timeout_ms);
	}
	/* SIGKILL to init ends the namespace: the kernel kills the rest. */
	if (*forced) {
		kill(st.init_pid, SIGKILL);
		err = wait_not_running(fd, st.id, 10000) ? 0 : -ETIMEDOUT;
	}
	close(fd);
	return err;
}

int ctlab_ct_remove(const char *name)
{
	struct ctlab_stats st;
	char dir[PATH_MAX];
	bool leftovers;
	int fd, err;

	err = ctlab_ct_run_dir(name, dir, sizeof(dir));
	if (err)
		return err;
	leftovers = !access(dir, F_OK);
	err = find(name, &fd, &st);
	if (!err) {
		err = ctlab_destroy(fd, st.id);
		close(fd);
		if (err)
			return err;
	} else if (err != -ENOENT || !leftovers) {
		return err;
	}
	/* Also what a container whose record is gone left behind. */
	ctlab_cgroup_remove(name);
	return ctlab_rm_rf(dir);
}

int ctlab_ct_kill(const char *name, int sig)
{
	struct ctlab_stats st;
	int fd, pidfd, err;

	err = find(name, &fd, &st);
	if (err)
		return err;
	close(fd);
	if (st.state != CTLAB_STATE_RUNNING || st.init_pid <= 0)
		return -ESRCH;
	/* A pidfd: the signal cannot reach a process that took the PID. */
	if (!act("syscall", "pidfd_open(%d), pidfd_send_signal(pidfd, %d)",
		 st.init_pid, sig))
		return 0;
	pidfd = syscall(SYS_pidfd_open, st.init_pid, 0);
	if (pidfd < 0)
		return -errno;
	err = syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) ? -errno : 0;
	close(pidfd);
	return err;
}
