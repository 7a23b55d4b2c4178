// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile probe (labs/README.md, "Threat model"): it probes nothing,
 * and tries to use the grading machine up instead: /tmp, /dev/shm and
 * its own directory filled until they refuse, a fork bomb, then a hang
 * that ignores SIGTERM.  It must score what the skeleton scores, and
 * cost each check no more than the check's own time limit.
 * (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

int main(void);
int main(void)
{
	use_up_machine();
}
