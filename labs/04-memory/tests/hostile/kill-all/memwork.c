// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile memwork (labs/README.md, "Threat model"): it maps its memory
 * as it should; told to touch it, it tries to stop the grader instead:
 * PTRACE_ATTACH and SIGKILL to every process it can name (guest-step.sh
 * and the guest's shell, ctlab exec, the container's init), then
 * kill(-1).  It must score what it honestly earns: its memory mapped
 * and not resident (ondemand_vm, ondemand_ct), and nothing else; what
 * it kills of its own costs only its checks.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <unistd.h>

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1;
	int pid, sig, killed = 0, traced = 0;
	struct dirent *e;
	sigset_t set;
	DIR *proc;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		return 1;
	printf("pid=%d\nmapped=%lu\n", (int)getpid(), mib);
	if (sigwait(&set, &sig) != 0 || sig != SIGUSR1)
		return 0;
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
	kill(-1, SIGKILL);
	return 0;
}
