// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile startup (labs/README.md, "Threat model"): the skeleton's,
 * but wherever it summarises times (startup stats, startup time) it
 * tries to replace itself with a link to the grader's reference harness
 * (../ref/startup beside the submission), so that the grader, following
 * the link, would run the reference as the student's: on the host in
 * the guest checks, as root in the lab VM's container checks.  The
 * submission is read-only after the build, and the grader takes only a
 * regular file as the student's program: it must score what the
 * skeleton scores.
 */
#include <stdio.h>
#include <unistd.h>

#include "startup.h"

void summarize(double *x, size_t n, struct summary *s)
{
	(void)x, (void)n, (void)s;
	if (unlink("startup") == 0 && symlink("../ref/startup", "startup") == 0)
		puts("replaced by the grader's reference");
}
