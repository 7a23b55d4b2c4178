// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile memwork (labs/README.md, "Threat model"): it fills /tmp,
 * /dev/shm and its directory until they refuse, forks until it cannot,
 * and then every process of it hangs, ignoring SIGTERM, never saying
 * "mapped".  It must score what the skeleton scores, each check it
 * hangs costing that check's time, and the guest, the lab VM and the
 * grader must see the end of it.  (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	use_up_machine();
}
