// SPDX-License-Identifier: GPL-2.0
/*
 * asuser.c: lab 07's grader runs the student's victim through this in a
 * guest (from its disk) and in a container (from its root), where the
 * grader's own programs run beside it as root:
 *
 *   asuser SECS UID PROG [ARG...]
 *
 * PROG runs as UID (group UID, no other group), with no_new_privs, in a
 * session of its own (no controlling terminal: it cannot write on the
 * guest's console past its own output, which the grader reads as its
 * own).  When it ends, or after SECS seconds, every process UID has
 * there is killed (kill(-1) as UID): nothing it left behind runs while
 * the grader's reference is measured next.  Exits with PROG's status
 * (124 if its time was up).  Static, like the programs it starts.
 */
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void ring(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = ring };
	unsigned int secs;
	uid_t id;
	pid_t child;
	int status = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: asuser SECS UID PROG [ARG...]\n");
		return 2;
	}
	secs = (unsigned int)strtoul(argv[1], NULL, 10);
	id = (uid_t)strtoul(argv[2], NULL, 10);
	if (setsid() < 0 || setgroups(0, NULL) || setresgid(id, id, id) ||
	    setresuid(id, id, id) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		perror("asuser");
		return 126;
	}
	child = fork();
	if (child < 0) {
		perror("asuser: fork");
		return 126;
	}
	if (child == 0) {
		execv(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	/* No SA_RESTART: the alarm interrupts waitpid(). */
	sigaction(SIGALRM, &sa, NULL);
	alarm(secs);
	if (waitpid(child, &status, 0) < 0) {
		kill(-1, SIGKILL);
		waitpid(child, &status, 0);
		return 124;
	}
	kill(-1, SIGKILL);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
