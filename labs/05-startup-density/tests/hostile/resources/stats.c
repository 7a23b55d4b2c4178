// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile startup (labs/README.md, "Threat model"): the skeleton's,
 * but wherever it summarises times (startup stats, startup time), it
 * tries to use the grading machine up instead: /tmp, /dev/shm and its
 * own directory filled until they refuse, a fork bomb, then a hang that
 * ignores SIGTERM.  It must score what the skeleton scores, each check
 * it hangs costing that check's time, and the grader and the machine
 * must see the end of it.  (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

#include "startup.h"

void summarize(double *x, size_t n, struct summary *s)
{
	(void)x, (void)n, (void)s;
	use_up_machine();
}
