// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile memwork (labs/README.md, "Threat model"): it maps its memory
 * as it should; told to touch it, it tries to stop the grader instead:
 * PTRACE_ATTACH and SIGKILL to every process it can name (guest-step.sh
 * and the guest's shell, ctlab exec, the container's init), then
 * kill(-1).  It must score what it honestly earns: its memory mapped
 * and not resident (ondemand_vm, ondemand_ct), and nothing else; what
 * it kills of its own costs only its checks.  (attacks.h:
 * labs/lib/hostile/.)
 */
#include <sys/mman.h>
#include "attacks.h"

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1;
	sigset_t cue;
	int sig;

	sigemptyset(&cue);
	sigaddset(&cue, SIGUSR1);
	sigprocmask(SIG_BLOCK, &cue, NULL);
	if (mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		return 1;
	printf("pid=%d\nmapped=%lu\n", (int)getpid(), mib);
	fflush(stdout);
	sigwait(&cue, &sig);
	kill_everything();
	return 0;
}
