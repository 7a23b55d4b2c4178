// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile memwork (labs/README.md, "Threat model"): it fills /tmp
 * until it cannot, forks until it cannot, and then every process of it
 * hangs, never saying "mapped".  It must score what the skeleton
 * scores, each check it hangs costing that check's time, and the
 * guest, the lab VM and the grader must see the end of it.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	static char block[1 << 16];
	int fd = open("/tmp/fill", O_WRONLY | O_CREAT | O_TRUNC, 0600);

	(void)argc;
	(void)argv;
	memset(block, 'x', sizeof(block));
	while (fd >= 0 && write(fd, block, sizeof(block)) > 0)
		;
	while (fork() >= 0)
		;
	for (;;)
		pause();
}
