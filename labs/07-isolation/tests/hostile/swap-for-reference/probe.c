// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile probe (labs/README.md, "Threat model"): it probes nothing
 * and, each time it runs, tries to replace itself with a link to the
 * grader's reference (../grader/refprobe beside the submission), so that
 * the grader, following the link as root, would run the reference in a
 * guest and in the containers as the student's probe.  It prints a
 * release, so that the grader tries it there.  The submission is
 * read-only after the build, and the grader takes only a regular file
 * as the student's program: it must score what the skeleton scores.
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	(void)argc;
	if (unlink(argv[0]) == 0 && symlink("../grader/refprobe", argv[0]) == 0)
		puts("replaced by the grader's reference");
	puts("release=swapped");
	return 0;
}
