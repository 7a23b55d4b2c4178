// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile startup (labs/README.md, "Threat model"): it fills /tmp
 * until it is full, takes memory until it cannot, forks until it
 * cannot, and then every process of it hangs.  It must score what the
 * skeleton scores, each check it hangs costing that check's time, and
 * the grader and the machine must see the end of it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "startup.h"

void die(const char *fmt, ...)
{
	(void)fmt;
	exit(1);
}

double now(void)
{
	return 0;
}

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	static char block[1 << 16];
	int fd = open("/tmp/fill", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	char *p;
	int i;

	(void)argc;
	(void)argv;
	memset(block, 'x', sizeof(block));
	while (fd >= 0 && write(fd, block, sizeof(block)) > 0)
		;
	for (i = 0; i < 2048 && (p = malloc(1 << 20)); i++)
		memset(p, 'y', 1 << 20);
	while (fork() >= 0)
		;
	for (;;)
		pause();
}
