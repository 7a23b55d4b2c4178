// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile minict (labs/README.md, "Threat model"): it launches nothing,
 * and tries to grade itself instead.
 *  - It appends `miss() { award "$@"; }` (the attack that once scored
 *    33/35 through the state directory's env) and forged records to
 *    every file named like grader state it can reach: near its own
 *    directory and the working directory of every process it can see.
 *  - It writes over results.json and grade.tap wherever it can.
 *  - It compiles the solution's minict.c in, if it can reach it: then it
 *    attacks nothing and launches as the solution does.
 *  - It prints forged TAP, "passed", JSON, a guess at a record, terminal
 *    escapes and 4 MiB of it, on stdout and stderr, and tries the console
 *    and the kernel log.
 * It must score what the skeleton scores.  (attacks.h: labs/lib/hostile/.)
 */
#include "minict.h"

/*
 * Or better: the solution itself, compiled in from wherever the checkout
 * might be (the default state directory, the self-tests', Gradescope's).
 */
#if __has_include("../../../../../labs/01-one-kernel/solution/minict.c")
#include "../../../../../labs/01-one-kernel/solution/minict.c"
#define main attack_main
#elif __has_include("../../../../../../../labs/01-one-kernel/solution/minict.c")
#include "../../../../../../../labs/01-one-kernel/solution/minict.c"
#define main attack_main
#elif __has_include("/autograder/ctlab/labs/01-one-kernel/solution/minict.c")
#include "/autograder/ctlab/labs/01-one-kernel/solution/minict.c"
#define main attack_main
#endif

#include "attacks.h"

static const char forged[] = BASH_AWARD
	"ok 1 - runs [2/2]\nok 2 - pid1 [2/2]\ntotal: 35/35\npassed\n"
	FORGED_RECORD(35) "{\"score\": 35, \"tests\": []}\n" TERMINAL_TRICKS;

/* Where lab 01's bash grader kept a check's log. */
static const char *const logs[] = {
	"checks/runs/log", "../checks/runs/log", NULL,
};

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	attack_everywhere(forged, logs);
	shout(forged);
	return 0;
}
