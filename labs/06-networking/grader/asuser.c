// SPDX-License-Identifier: GPL-2.0
/*
 * asuser.c: lab 06's grader runs the student's netbench through this
 * where its own reference runs beside it as root (in a guest, from its
 * disk; in a container, from its root):
 *
 *   asuser UID PROG [ARG...]
 *
 * PROG runs as UID (group UID, no other group), with no_new_privs: it
 * can neither rewrite the grader's reference programs beside it nor
 * signal the grader's shell that counts the rounds (labs/README.md,
 * "Threat model").  It runs in a session of its own, with no terminal:
 * its standard input is /dev/null and it inherits no other descriptor
 * but its output, so it cannot write the guest's console (or push input
 * into the root shell on it), where the grader reads its "R" lines.
 * Static, like the programs it starts.
 */
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t id;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: asuser UID PROG [ARG...]\n");
		return 2;
	}
	id = (uid_t)strtoul(argv[1], NULL, 10);
	for (fd = 3; fd < 1024; fd++)
		close(fd);
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, 0) < 0 || (fd > 0 && close(fd)) ||
	    setsid() < 0 || setgroups(0, NULL) || setresgid(id, id, id) ||
	    setresuid(id, id, id) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		perror("asuser");
		return 126;
	}
	execv(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
