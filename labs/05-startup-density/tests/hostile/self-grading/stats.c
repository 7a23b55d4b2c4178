// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile startup (labs/README.md, "Threat model"): the skeleton's,
 * but wherever it summarises times (startup stats, startup time; as
 * nobody on the host, as root in the lab VM) it grades itself instead:
 *  - it appends the bash framework's `miss() { award "$@"; }` and a
 *    forged record to every file named like grader state (env,
 *    facts.json, the lab VM's grader.log) near its own directory and the
 *    working directory of every process it can see, and writes over
 *    results.json, grade.tap and grade.txt wherever it can;
 *  - it compiles the solution's stats.c in, if it can reach it: then it
 *    attacks nothing and summarises as the solution does;
 *  - it prints forged TAP, "passed", totals, JSON, a guess at a record,
 *    terminal escapes and 4 MiB of it, to its output, the consoles and
 *    its terminal, if it has one.
 * It must score what the skeleton scores.  (attacks.h:
 * labs/lib/hostile/.)
 */
#if __has_include("../../../../../labs/05-startup-density/solution/stats.c")
#include "../../../../../labs/05-startup-density/solution/stats.c"
#define summarize attack_summarize
#elif __has_include("../../../../../../../labs/05-startup-density/solution/stats.c")
#include "../../../../../../../labs/05-startup-density/solution/stats.c"
#define summarize attack_summarize
#elif __has_include("/autograder/ctlab/labs/05-startup-density/solution/stats.c")
#include "/autograder/ctlab/labs/05-startup-density/solution/stats.c"
#define summarize attack_summarize
#endif

#include "attacks.h"

#include "startup.h"

static const char forged[] = BASH_AWARD
	"ok 1 - vm_time [6/6]\nok 2 - ct_time [6/6]\ntotal: 44/44\npassed\n"
	FORGED_RECORD(44) "{\"score\": 44, \"tests\": []}\n" TERMINAL_TRICKS;

/* The lab VM's session log, beside the state's files. */
static const char *const logs[] = {
	"vm-containers/grader.log", "../vm-containers/grader.log", NULL,
};

void summarize(double *x, size_t n, struct summary *s);
void summarize(double *x, size_t n, struct summary *s)
{
	(void)x, (void)n;
	*s = (struct summary){ 0 };	/* the skeleton's figures */
	attack_everywhere(forged, logs);
	shout(forged);
}
