// SPDX-License-Identifier: GPL-2.0
/*
 * procstat.c: what the host sees of a process, from /proc.
 *
 * A guest is, to the host, one QEMU process: its memory is QEMU's RSS
 * (pages resident in host RAM) and PSS (the same, with each shared page
 * divided among its sharers), from /proc/PID/smaps_rollup, which the
 * kernel sums for us instead of us adding up every mapping of
 * /proc/PID/smaps.  Its CPU time is QEMU's, from /proc/PID/stat; each vCPU
 * is one QEMU thread, so /proc/PID/task/TID/stat gives the time per vCPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctlab.h"
#include "internal.h"

int ctlab_proc_mem(pid_t pid, uint64_t *rss, uint64_t *pss)
{
	char path[64], line[256];
	unsigned long long kb;
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Rss: %llu kB", &kb) == 1) {
			*rss = kb * 1024;
			found |= 1;
		} else if (sscanf(line, "Pss: %llu kB", &kb) == 1) {
			*pss = kb * 1024;
			found |= 2;
		}
	}
	fclose(f);
	/* A zombie's smaps_rollup is empty: it has no memory left. */
	return found == 3 ? 0 : -ESRCH;
}

int ctlab_proc_anon_rss(pid_t pid, uint64_t size, uint64_t *rss)
{
	unsigned long long start, end, kb;
	char path[64], line[512], name[256];
	bool in_match = false;
	int err = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (fgets(line, sizeof(line), f)) {
		/* "start-end perms offset dev inode [name]" opens a mapping */
		name[0] = '\0';
		if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %255s",
			   &start, &end, name) >= 2) {
			in_match = end - start == size && !name[0];
			continue;
		}
		if (in_match && sscanf(line, "Rss: %llu kB", &kb) == 1) {
			*rss = kb * 1024;
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

/*
 * The fields of /proc/PID/stat after the command name, which is in
 * parentheses and may itself contain spaces and ')': so search for the
 * last ')'.  @fields[0] is then field 3 (the state).
 */
static int read_stat(const char *path, char *buf, size_t len, char **rest)
{
	ssize_t n;
	char *paren;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	if (!paren || paren[1] != ' ')
		return -EIO;
	*rest = paren + 2;
	return 0;
}

/* Field @nr (1-based, as in proc(5)) of a stat line's @rest. */
static int stat_field(char *rest, int nr, unsigned long long *value)
{
	char *p = rest;
	int i;

	/* rest starts at field 3 */
	for (i = 3; i < nr; i++) {
		p = strchr(p, ' ');
		if (!p)
			return -EIO;
		p++;
	}
	*value = strtoull(p, NULL, 10);
	return 0;
}

int ctlab_proc_cpu(pid_t pid, pid_t tid, uint64_t *ns)
{
	unsigned long long utime, stime;
	char path[64], buf[1024], *rest;
	long hz = sysconf(_SC_CLK_TCK);
	int err;

	if (tid)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat",
			 (int)pid, (int)tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	err = read_stat(path, buf, sizeof(buf), &rest);
	if (err)
		return err;
	if (stat_field(rest, 14, &utime) || stat_field(rest, 15, &stime))
		return -EIO;
	*ns = (utime + stime) * (1000000000ULL / (unsigned long long)hz);
	return 0;
}

int ctlab_proc_start_time(pid_t pid, uint64_t *start)
{
	char path[64], buf[1024], *rest;
	unsigned long long value;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	err = read_stat(path, buf, sizeof(buf), &rest);
	if (err)
		return err;
	/* A zombie (Z) or dying (X) process has ended already. */
	if (rest[0] == 'Z' || rest[0] == 'X')
		return -ESRCH;
	if (stat_field(rest, 22, &value))
		return -EIO;
	*start = value;
	return 0;
}
