// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup.c: each container's cgroup v2, /sys/fs/cgroup/ctlab/NAME.
 *
 * The module enforces a container's memory limit through the memory
 * controller of this cgroup (it writes memory.max itself), so the
 * launcher only makes the directory, with the memory controller enabled
 * on the way down, and starts the container's init inside it
 * (clone3's CLONE_INTO_CGROUP).  A CPU limit is the scheduler's alone:
 * cpu.max, written here, with the cpu controller enabled only then (it
 * costs every scheduling decision a little, so only who asks pays).
 * Removing the cgroup kills what is left inside (cgroup.kill), so
 * nothing of the container outlives it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define CGROUP_ROOT "/sys/fs/cgroup"
#define CGROUP_CTLAB CGROUP_ROOT "/ctlab"

int ctlab_cgroup_path(const char *name, char *buf, size_t len)
{
	int n = snprintf(buf, len, CGROUP_CTLAB "/%s", name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ctlab_write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd, err = 0;

	if (!act(strncmp(path, CGROUP_ROOT "/", sizeof(CGROUP_ROOT)) ?
		 "write" : "cgroup", "%s <- %s", path, text))
		return 0;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		err = -errno;
	close(fd);
	return err;
}

/*
 * Enables a controller ("+memory") for the children of the root and of
 * ctlab's cgroup, where the containers' are: fine if it is already.
 */
static int enable_controller(const char *controller)
{
	static const char *const dirs[] = { CGROUP_ROOT, CGROUP_CTLAB };
	char path[256];
	size_t i;
	int err = 0;

	for (i = 0; i < 2 && !err; i++) {
		snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dirs[i]);
		err = ctlab_write_file(path, controller);
	}
	return err;
}

int ctlab_cgroup_join(const char *name)
{
	char path[256];
	int err;

	err = ctlab_cgroup_path(name, path, sizeof(path) - 16);
	if (err)
		return err;
	strcat(path, "/cgroup.procs");
	/* "0" is the writer itself. */
	return ctlab_write_file(path, "0");
}

int ctlab_cgroup_make(const char *name, int *dirfd)
{
	char path[256];
	int err;

	err = ctlab_cgroup_path(name, path, sizeof(path));
	if (err)
		return err;
	if (act("syscall", "mkdir(\"" CGROUP_CTLAB "\", 0755)") &&
	    mkdir(CGROUP_CTLAB, 0755) && errno != EEXIST)
		return -errno;
	err = enable_controller("+memory");
	if (err)
		return err;
	/* For io.stat, ctlab top's disk rate; a kernel without the io
	 * controller runs containers all the same. */
	enable_controller("+io");
	/*
	 * A leftover of a container that was not removed could hold its
	 * limits: start from a new one (rmdir fails if tasks are in it).
	 */
	if (act("syscall", "rmdir(\"%s\"): a leftover namesake's", path))
		rmdir(path);
	if (act("syscall", "mkdir(\"%s\", 0755)", path) &&
	    mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	*dirfd = -1;
	if (!act("syscall", "open(\"%s\", O_DIRECTORY): the cgroup's fd, for clone3 and CREATE",
		 path))
		return 0;
	*dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return *dirfd < 0 ? -errno : 0;
}

int ctlab_cgroup_set_cpus(const char *name, uint32_t milli)
{
	char path[256], max[32];
	int err;

	if (milli && (milli < 10 || milli > CTLAB_CPU_MILLI_MAX))
		return -EINVAL;
	err = ctlab_cgroup_path(name, path, sizeof(path) - 16);
	if (err)
		return err;
	/* (Explaining a run, the cgroup was not made: it would be.) */
	if (!ctlab_explaining() && access(path, F_OK))
		return -ENOENT;
	err = enable_controller("+cpu");
	if (err)
		return err;
	strcat(path, "/cpu.max");
	/* A quota of microseconds per 100000 us period: 1 CPU = 100000. */
	if (milli)
		snprintf(max, sizeof(max), "%u 100000", milli * 100);
	else
		snprintf(max, sizeof(max), "max 100000");
	return ctlab_write_file(path, max);
}

/* Is the cgroup at @path empty: no task in it or below? */
static bool unpopulated(const char *path)
{
	char file[300], text[256];
	ssize_t n;
	int fd;

	snprintf(file, sizeof(file), "%s/cgroup.events", path);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	return strstr(text, "populated 0") != NULL;
}

int ctlab_cgroup_kill(const char *name)
{
	char path[256], file[300];
	int err, tries;

	err = ctlab_cgroup_path(name, path, sizeof(path));
	if (err)
		return err;
	snprintf(file, sizeof(file), "%s/cgroup.kill", path);
	err = ctlab_write_file(file, "1");
	if (err)
		return err == -ENOENT ? 0 : err;
	if (!act("syscall", "read(\"%s/cgroup.events\") every 10 ms until \"populated 0\"",
		 path))
		return 0;
	/* SIGKILL is sent; the kernel takes each task out as it exits. */
	for (tries = 0; tries < 500 && !unpopulated(path); tries++)
		usleep(10000);
	return unpopulated(path) ? 0 : -ETIMEDOUT;
}

int ctlab_cgroup_remove(const char *name)
{
	char path[256];
	int err;

	err = ctlab_cgroup_path(name, path, sizeof(path));
	if (err)
		return err;
	/* rmdir fails while a task is inside: a created container's, say. */
	ctlab_cgroup_kill(name);
	if (act("syscall", "rmdir(\"%s\")", path) && rmdir(path) &&
	    errno != ENOENT)
		return -errno;
	return 0;
}
