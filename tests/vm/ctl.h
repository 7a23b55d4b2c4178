/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctl.h: what the in-guest tests need to drive /dev/ctlab directly: thin
 * ioctl wrappers that return 0 or -errno, a cgroup per container, and
 * ct_start(), the clone + ENTER dance that libctlab's launcher does in
 * full (here: new namespaces, the cgroup, ENTER, then a test function).
 * Programs that include it are built with -D_GNU_SOURCE.
 */
#ifndef CTLAB_TESTS_CTL_H
#define CTLAB_TESTS_CTL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/ctlab.h>
#include <linux/sched.h>

#include "ktap.h"

#define CG_ROOT "/sys/fs/cgroup"
#define CG_TESTS CG_ROOT "/ctlab-tests"
#define MiB (1024ULL * 1024)

static inline int ctl_open(void)
{
	return open("/dev/ctlab", O_RDWR | O_CLOEXEC);
}

/* ioctl() as the kernel's convention: 0 or -errno. */
static inline int ctl_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

/* Returns the new id, or -errno. */
static inline int ctl_create(int fd, const char *name, uint64_t limit,
			     int cgroup_fd, uint32_t on_limit)
{
	struct ctlab_create req;
	int ret;

	memset(&req, 0, sizeof(req));
	snprintf(req.name, sizeof(req.name), "%s", name);
	req.limit = limit;
	req.cgroup_fd = cgroup_fd;
	req.on_limit = on_limit;
	req.namespaces = CTLAB_NS_MNT | CTLAB_NS_UTS | CTLAB_NS_IPC;
	ret = ctl_ioctl(fd, CTLAB_IOC_CREATE, &req);
	return ret ? ret : (int)req.id;
}

static inline int ctl_id_cmd(int fd, unsigned long cmd, uint32_t id)
{
	struct ctlab_id req;

	memset(&req, 0, sizeof(req));
	req.id = id;
	return ctl_ioctl(fd, cmd, &req);
}

static inline int ctl_stats(int fd, uint32_t id, struct ctlab_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->id = id;
	return ctl_ioctl(fd, CTLAB_IOC_STATS, st);
}

static inline int ctl_destroy(int fd, uint32_t id)
{
	return ctl_id_cmd(fd, CTLAB_IOC_DESTROY, id);
}

/* Destroys every container the caller sees, so a test starts from none. */
static inline void ctl_destroy_all(int fd)
{
	__u32 ids[CTLAB_MAX_CONTAINERS];
	struct ctlab_list l;
	unsigned int i;

	memset(&l, 0, sizeof(l));
	l.ids = (uintptr_t)ids;
	l.count = CTLAB_MAX_CONTAINERS;
	if (ctl_ioctl(fd, CTLAB_IOC_LIST, &l))
		return;
	for (i = 0; i < l.count && i < CTLAB_MAX_CONTAINERS; i++)
		ctl_destroy(fd, ids[i]);
}

/*
 * The main() of a KTAP program of the module's tests: PROGRAM [TEST...]
 * runs the tests named (all of them without names) with a /dev/ctlab fd
 * it leaves in *@dev, and no container before or after them.
 */
static inline int ctl_ktap_main(const struct ktap_test *tests, int count,
				int argc, char **argv, int *dev)
{
	struct ktap_test *chosen = calloc(count, sizeof(*chosen));
	int n, failed;

	*dev = ctl_open();
	if (!chosen || *dev < 0) {
		printf("Bail out! /dev/ctlab: %s\n", strerror(errno));
		return 1;
	}
	n = ktap_choose(tests, count, argc, argv, chosen);
	if (n < 0) {
		free(chosen);
		return 1;
	}
	ctl_destroy_all(*dev);
	failed = ktap_run(chosen, n);
	ctl_destroy_all(*dev);
	free(chosen);
	return failed ? 1 : 0;
}

/* Reads a small file into @buf as a string ("" if it cannot). */
static inline void read_file(const char *path, char *buf, size_t size)
{
	int f = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = f >= 0 ? read(f, buf, size - 1) : -1;

	buf[n > 0 ? n : 0] = 0;
	if (f >= 0)
		close(f);
}

/* Calls @fn for each process /proc lists in @init's PID namespace. */
static inline void ctl_each_member(pid_t init, void (*fn)(int pid, void *arg),
				   void *arg)
{
	struct stat ns, other;
	char path[64];
	struct dirent *d;
	DIR *proc;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
	if (stat(path, &ns))
		return;
	proc = opendir("/proc");
	while (proc && (d = readdir(proc))) {
		int pid = atoi(d->d_name);

		snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
		if (pid && !stat(path, &other) && other.st_ino == ns.st_ino)
			fn(pid, arg);
	}
	if (proc)
		closedir(proc);
}

static inline int write_file(const char *path, const char *text)
{
	int f = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (f < 0)
		return -errno;
	n = write(f, text, strlen(text));
	close(f);
	return n < 0 ? -errno : 0;
}

/*
 * A fresh cgroup CG_TESTS/NAME with the memory controller, opened as a
 * directory (what CREATE and clone3's CLONE_INTO_CGROUP take).
 */
static inline int cg_make(const char *name)
{
	char path[256];

	mkdir(CG_TESTS, 0755);
	write_file(CG_ROOT "/cgroup.subtree_control", "+memory");
	write_file(CG_TESTS "/cgroup.subtree_control", "+memory");
	snprintf(path, sizeof(path), CG_TESTS "/%s", name);
	rmdir(path);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static inline void cg_remove(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), CG_TESTS "/%s", name);
	rmdir(path);
}

/* A container's init, as the tests see it from outside. */
struct ct {
	pid_t pid;		/* init's PID here */
	int enter_ret;		/* what ENTER returned, 0 or -errno */
	int go;			/* write end: closing it tells init to go on */
};

struct ct_init_args {
	int dev, id, report, go;
	int (*body)(void *);
	void *arg;
};

/*
 * The new init: ENTER, report the result, wait for "go" (the pipe closed),
 * then run the test's body and exit with its return value.
 */
static inline int ct_init(struct ct_init_args *a)
{
	int ret = ctl_id_cmd(a->dev, CTLAB_IOC_ENTER, a->id);
	char c;

	if (write(a->report, &ret, sizeof(ret)) != sizeof(ret))
		return 100;
	close(a->report);
	if (ret)
		return 101;
	while (read(a->go, &c, 1) > 0)
		;
	return a->body ? a->body(a->arg) : 0;
}

/*
 * Starts a container's init with clone3: new namespaces of @ns_flags
 * (CLONE_NEW*), in @cgroup_fd if >= 0; it calls ENTER for @id and, once
 * ct_go() is called, runs @body.  Returns 0 or -errno; ct->enter_ret says
 * how ENTER went.
 */
static inline int ct_start(struct ct *ct, int dev, int id, uint64_t ns_flags,
			   int cgroup_fd, int (*body)(void *), void *arg)
{
	struct clone_args ca;
	int report[2], go[2];
	struct ct_init_args a;
	long pid;

	if (pipe2(report, O_CLOEXEC) || pipe2(go, O_CLOEXEC))
		return -errno;
	memset(&ca, 0, sizeof(ca));
	ca.flags = ns_flags;
	ca.exit_signal = SIGCHLD;
	if (cgroup_fd >= 0) {
		ca.flags |= CLONE_INTO_CGROUP;
		ca.cgroup = cgroup_fd;
	}
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(report[0]);
		close(go[1]);
		a = (struct ct_init_args){ dev, id, report[1], go[0], body, arg };
		_exit(ct_init(&a));
	}
	close(report[1]);
	close(go[0]);
	ct->pid = pid;
	ct->go = go[1];
	if (read(report[0], &ct->enter_ret, sizeof(ct->enter_ret)) !=
	    sizeof(ct->enter_ret))
		ct->enter_ret = -EPIPE;
	close(report[0]);
	return 0;
}

static inline void ct_go(struct ct *ct)
{
	if (ct->go >= 0)
		close(ct->go);
	ct->go = -1;
}

/* Waits for init; returns its wait status. */
static inline int ct_wait(struct ct *ct)
{
	int status = -1;

	ct_go(ct);
	waitpid(ct->pid, &status, 0);
	return status;
}

#define CT_NAMESPACES (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | \
		       CLONE_NEWIPC)

/* Polls STATS until @cond holds or about @ms pass; returns cond. */
#define ctl_wait_until(cond, ms) ({					\
	int __left = (ms);						\
	while (!(cond) && __left > 0) {					\
		usleep(10000);						\
		__left -= 10;						\
	}								\
	(cond);								\
})

#endif /* CTLAB_TESTS_CTL_H */
