// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile victim (labs/README.md, "Threat model"): it serves nothing,
 * and tries to stop the grader instead, wherever it runs (this machine,
 * a container in the lab VM): PTRACE_ATTACH and SIGKILL to every process
 * it can name (the grader's own victim beside it among them), then
 * kill(-1); then a median, so that the grader tries it in a container
 * too.  It must score what the skeleton scores: what it kills of its own
 * costs only its check.  (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

int main(void);
int main(void)
{
	kill_everything();
	printf("median_us=300.0\n");
	return 0;
}
