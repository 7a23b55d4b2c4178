// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup.c: each container's cgroup v2, /sys/fs/cgroup/ctlab/NAME.
 *
 * The module enforces a container's memory limit through the memory
 * controller of this cgroup (it writes memory.max itself), so the
 * launcher only makes the directory, with the memory controller enabled
 * on the way down, and starts the container's init inside it
 * (clone3's CLONE_INTO_CGROUP).
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

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		err = -errno;
	close(fd);
	return err;
}

/* Adds "+memory" to a cgroup's subtree_control (fine if already there). */
static int enable_memory(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
	return ctlab_write_file(path, "+memory");
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
	if (mkdir(CGROUP_CTLAB, 0755) && errno != EEXIST)
		return -errno;
	err = enable_memory(CGROUP_ROOT);
	if (!err)
		err = enable_memory(CGROUP_CTLAB);
	if (err)
		return err;
	/*
	 * A leftover of a container that was not removed could hold its
	 * limits: start from a new one (rmdir fails if tasks are in it).
	 */
	rmdir(path);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	*dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return *dirfd < 0 ? -errno : 0;
}

int ctlab_cgroup_remove(const char *name)
{
	char path[256];
	int err = ctlab_cgroup_path(name, path, sizeof(path));

	if (!err && rmdir(path) && errno != ENOENT)
		err = -errno;
	return err;
}
