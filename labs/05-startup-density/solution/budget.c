// SPDX-License-Identifier: GPL-2.0
/*
 * budget.c: a memory budget for a group of containers, and waiting for a
 * container's memhog to hold its memory.  Provided: the grader uses its
 * own copy.
 *
 * Every ctlab container has its cgroup under /sys/fs/cgroup/ctlab, so a
 * limit on that parent cgroup is a budget for all of them together: the
 * kernel charges each page to the container's cgroup and to every cgroup
 * above it, and refuses a charge that would take any of them past its
 * memory.max (it reclaims what it can, then the OOM killer ends a process
 * somewhere below the full cgroup).  Each time a charge hits the limit,
 * the count "max" in memory.events goes up: the budget's failcnt, as
 * OpenVZ's user_beancounters called it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "startup.h"

#define CGROUP_ROOT "/sys/fs/cgroup"
#define BUDGET_CGROUP CGROUP_ROOT "/ctlab"

static int write_text(const char *path, const char *text)
{
	ssize_t len = (ssize_t)strlen(text);
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, (size_t)len) != len)
		err = -errno;
	close(fd);
	return err;
}

/* The whole of a small file, NUL-terminated; its length or -errno. */
static ssize_t read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

/* The budget of all containers together, in bytes; 0: no budget. */
int budget_set(uint64_t bytes)
{
	char text[32] = "max";
	int err;

	if (mkdir(BUDGET_CGROUP, 0755) && errno != EEXIST)
		return -errno;
	/* memory.max exists only where the parent hands down the controller. */
	err = write_text(CGROUP_ROOT "/cgroup.subtree_control", "+memory");
	if (err)
		return err;
	if (bytes)
		snprintf(text, sizeof(text), "%" PRIu64, bytes);
	return write_text(BUDGET_CGROUP "/memory.max", text);
}

/* The budget's failcnt: memory.events' "max", or -errno. */
int64_t budget_failcnt(void)
{
	char text[512], *p;
	ssize_t n;
	long long v;

	/* "low 0\nhigh 0\nmax 3\noom 1\n...": the line "max". */
	n = read_text(BUDGET_CGROUP "/memory.events", text, sizeof(text));
	if (n < 0)
		return n;
	p = strstr(text, "\nmax ");
	if (!p || sscanf(p + 1, "max %lld", &v) != 1)
		return -ENOENT;
	return v;
}

/* Is nothing left running in container @name's cgroup? */
static int cgroup_empty(const char *name)
{
	char path[256], text[256];

	if (ctlab_cgroup_path(name, path, sizeof(path) - 16))
		return 1;
	strcat(path, "/cgroup.events");
	if (read_text(path, text, sizeof(text)) < 0)
		return 1;
	return strstr(text, "populated 0") != NULL;
}

/*
 * Waits until the memhog in container @name says it holds all its @mib
 * MiB ("memhog: 16 of 16 MiB", in the container's output.log): 0; or
 * -ESRCH if the container died first (the OOM killer), -ETIMEDOUT.
 */
int ct_wait_held(const char *name, unsigned int mib, int timeout_ms)
{
	char dir[256], path[300], want[64], text[4096];
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int waited;

	if (ctlab_ct_run_dir(name, dir, sizeof(dir)))
		return -ENAMETOOLONG;
	snprintf(path, sizeof(path), "%s/output.log", dir);
	snprintf(want, sizeof(want), "memhog: %u of %u MiB\n", mib, mib);
	for (waited = 0; waited < timeout_ms; waited += 10) {
		/* memhog's output is short: a line per 4 MiB. */
		if (read_text(path, text, sizeof(text)) > 0 && strstr(text, want))
			return 0;
		if (cgroup_empty(name))
			return -ESRCH;
		nanosleep(&tick, NULL);
	}
	return -ETIMEDOUT;
}
