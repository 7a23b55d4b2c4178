// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile probe (labs/README.md, "Threat model"): it probes nothing,
 * and tries to use the grading machine up instead: /tmp, /dev/shm and
 * its own directory filled until they refuse, a fork bomb, then a hang
 * that ignores SIGTERM.  It must score what the skeleton scores, and
 * cost each check no more than the check's own time limit.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void fill(const char *dir)
{
	static char block[1 << 20];
	char path[4096];
	int fd;

	memset(block, 'x', sizeof(block));
	snprintf(path, sizeof(path), "%s/fill-%d", dir, (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	while (fd >= 0 && write(fd, block, sizeof(block)) > 0)
		;
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	int forks = 0;

	signal(SIGTERM, SIG_IGN);
	fill("/tmp");
	fill("/dev/shm");
	fill(".");
	while (forks < 100000 && fork() >= 0)
		forks++;
	for (;;)
		pause();
}
