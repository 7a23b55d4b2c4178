// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile netbench (labs/README.md, "Threat model"): it measures nothing
 * and, each time it runs, tries to replace itself with a link to the
 * grader's reference (../grader/refbench beside the submission), so that
 * the grader, following the link as root, would copy the reference into
 * the guests and the container as the student's netbench.  The
 * submission is read-only after the build, and the grader takes only a
 * regular file as the student's program: it must score what the skeleton
 * scores.
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	(void)argc;
	if (unlink(argv[0]) == 0 && symlink("../grader/refbench", argv[0]) == 0)
		puts("replaced by the grader's reference");
	return 0;
}
