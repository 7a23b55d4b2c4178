// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile startup (labs/README.md, "Threat model"): the skeleton's,
 * but wherever it summarises times (startup stats, startup time), it
 * tries to stop the grader instead: PTRACE_ATTACH and SIGKILL to every
 * process it can name, then kill(-1).  As nobody on the host it reaches
 * only its own; as root in the lab VM (the container checks, last in
 * their session) it ends the session, which costs those checks.  It
 * must score what the skeleton scores.  (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

#include "startup.h"

void summarize(double *x, size_t n, struct summary *s)
{
	(void)x, (void)n;
	*s = (struct summary){ 0 };	/* the skeleton's figures */
	kill_everything();
}
