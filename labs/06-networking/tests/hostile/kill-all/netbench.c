// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile netbench (labs/README.md, "Threat model"): as a client or a
 * server, it measures nothing and tries to stop the grader instead:
 * SIGKILL to every process it can name (the grader's peers and
 * reference server among them; kill(-1) and one by one), PTRACE_ATTACH
 * to each, to stop it or read its memory.  It must score what the
 * skeleton scores: whatever it kills of its own costs only its check.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <unistd.h>

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
