// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile minict (labs/README.md, "Threat model"): it launches nothing,
 * and tries to stop the grader instead: SIGKILL to every process it can
 * name (kill(-1) and one by one), and PTRACE_ATTACH to each, to stop it or
 * read its memory.  It must score what the skeleton scores: whatever it
 * kills of its own costs only the check it ran in.
 * (attacks.h: labs/lib/hostile/.)
 */
#include "minict.h"
#include "attacks.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kill_everything();
	return 0;
}
