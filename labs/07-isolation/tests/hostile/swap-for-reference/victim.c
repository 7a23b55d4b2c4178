// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile victim (labs/README.md, "Threat model"): it measures nothing
 * and, each time it runs, tries to replace itself with a link to the
 * grader's reference (../grader/refvictim beside the submission), so
 * that the grader, following the link as root, would copy the reference
 * into a guest and a container as the student's victim.  It prints a
 * median, so that the grader tries it there.  The submission is
 * read-only after the build, and the grader takes only a regular file
 * as the student's program: it must score what the skeleton scores.
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	(void)argc;
	if (unlink(argv[0]) == 0 && symlink("../grader/refvictim", argv[0]) == 0)
		puts("replaced by the grader's reference");
	puts("median_us=300.0");
	return 0;
}
