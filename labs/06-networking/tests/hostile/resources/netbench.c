// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile netbench (labs/README.md, "Threat model"): it fills /tmp,
 * /dev/shm and its directory until they refuse, forks until it cannot,
 * and then every process of it hangs, ignoring SIGTERM, as a client and
 * as a server.  It must score what the skeleton scores, each check it
 * hangs costing that check's time, and the grader and the machine must
 * see the end of it.  (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	use_up_machine();
}
