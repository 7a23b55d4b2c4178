// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile netbench (labs/README.md, "Threat model"): as a client or a
 * server, it measures nothing and tries to stop the grader instead:
 * SIGKILL to every process it can name (the grader's peers and
 * reference server among them; kill(-1) and one by one), PTRACE_ATTACH
 * to each, to stop it or read its memory.  It must score what the
 * skeleton scores: whatever it kills of its own costs only its check.
 * (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kill_everything();
	return 0;
}
