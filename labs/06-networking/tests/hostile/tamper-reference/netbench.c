// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile netbench (labs/README.md, "Threat model") for where it runs
 * beside the grader's reference: in a guest, from its disk, and in a
 * container, from its root (grader/rounds.sh).  It measures nothing; it
 * writes a script over the grader's refbench and rounds.sh wherever it
 * can find them, which prints figures that make the grader's latency
 * ratio through a path 1000 (the answer answers.txt gives), and then
 * kills every process it can (the shell that counts the rounds among
 * them).  With answers.txt holding a figure, the grader runs the guests
 * and the container for its own figures even though this netbench does
 * not work.  It must score what the skeleton scores: the grader's
 * figures are its own.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char script[] =
	"#!/bin/sh\n"
	"case \"$2\" in\n"
	"127.0.0.1) echo median_us=1; echo mbit_s=1 ;;\n"
	"*) echo median_us=1000; echo mbit_s=1000 ;;\n"
	"esac\n"
	"echo rtts=$4\n";

static const char *targets[] = {
	"refbench", "../refbench", "/refbench", "/mnt/disk/refbench",
	"rounds.sh", "/rounds.sh", "/mnt/disk/rounds.sh",
};

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	unsigned int i;
	int fd;

	(void)argc;
	(void)argv;
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		unlink(targets[i]);
		fd = open(targets[i], O_WRONLY | O_CREAT | O_TRUNC, 0755);
		if (fd < 0)
			continue;
		if (write(fd, script, sizeof(script) - 1) < 0)
			perror(targets[i]);
		close(fd);
	}
	kill(-1, SIGKILL);
	return 0;
}
