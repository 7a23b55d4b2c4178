// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile victim (labs/README.md, "Threat model"): it serves nothing,
 * and tries to stop the grader instead, wherever it runs (this machine,
 * a container in the lab VM): SIGKILL to every process it can name
 * (kill(-1) and one by one: the grader's own victim beside it among
 * them), PTRACE_ATTACH to each, to stop it or read its memory; then a
 * median, so that the grader tries it in a container too.  It must
 * score what the skeleton scores: what it kills of its own costs only
 * its check.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <unistd.h>

int main(void)
{
	struct dirent *e;
	DIR *proc;
	int pid;

	kill(-1, SIGKILL);
	proc = opendir("/proc");
	while (proc && (e = readdir(proc))) {
		pid = atoi(e->d_name);
		if (pid <= 1 || pid == getpid())
			continue;
		ptrace(PTRACE_ATTACH, pid, NULL, NULL);
		kill(pid, SIGSTOP);
		kill(pid, SIGKILL);
	}
	if (proc)
		closedir(proc);
	printf("median_us=300.0\n");
	return 0;
}
