// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile startup (labs/README.md, "Threat model"): in every mode it
 * measures nothing and tries to stop the grader instead: PTRACE_ATTACH
 * and SIGKILL to every process it can name, then kill(-1).  As nobody
 * on the host it reaches only its own; as root in the lab VM (the
 * container checks, last in their session) it ends the session, which
 * costs those checks.  It must score what the skeleton scores.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
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
	struct dirent *e;
	DIR *proc;
	int pid, killed = 0, traced = 0;

	(void)argc;
	(void)argv;
	proc = opendir("/proc");
	while (proc && (e = readdir(proc))) {
		pid = atoi(e->d_name);
		if (pid <= 1 || pid == getpid())
			continue;
		if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) == 0)
			traced++;
		if (kill(pid, SIGKILL) == 0)
			killed++;
	}
	if (proc)
		closedir(proc);
	printf("traced %d, killed %d\n", traced, killed);
	fflush(stdout);
	kill(-1, SIGKILL);
	return 0;
}
