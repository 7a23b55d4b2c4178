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
 * "Threat model").  Static, like the programs it starts.
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t id;

	if (argc < 3) {
		fprintf(stderr, "usage: asuser UID PROG [ARG...]\n");
		return 2;
	}
	id = (uid_t)strtoul(argv[1], NULL, 10);
	if (setgroups(0, NULL) || setresgid(id, id, id) ||
	    setresuid(id, id, id) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		perror("asuser");
		return 126;
	}
	execv(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
