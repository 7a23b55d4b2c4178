// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile memwork (labs/README.md, "Threat model"): it maps its memory
 * as it should, and then, instead of touching it, tries to grade itself.
 *  - It appends the bash framework's `miss() { award "$@"; }` and a
 *    forged record to every file named like grader state it can find
 *    (near its own directory, in the working directory of every process
 *    it can see) and to the grader's copies of memwork and guest-step.sh,
 *    and writes over results.json and grade.tap wherever it can.
 *  - Told to touch, it prints guest-step.sh's "R" reports of a good run,
 *    with the nonce if it can find it in its environment, on every
 *    console and terminal it can open and as input to the root shell,
 *    forged TAP, "passed", JSON, the lines the grader waits for
 *    (touched=, freed=) without doing it, terminal escapes and 4 MiB.
 *  - It compiles the solution's memwork.c in, if it can reach it: then
 *    it attacks nothing and works as the solution does.
 * It must score what it honestly earns: its memory mapped and not
 * resident (ondemand_vm, ondemand_ct), and nothing else.
 * (attacks.h: labs/lib/hostile/.)
 */
#if __has_include("../../../../../labs/04-memory/solution/memwork.c")
#include "../../../../../labs/04-memory/solution/memwork.c"
#define main attack_main
#elif __has_include("../../../../../../../labs/04-memory/solution/memwork.c")
#include "../../../../../../../labs/04-memory/solution/memwork.c"
#define main attack_main
#elif __has_include("/autograder/ctlab/labs/04-memory/solution/memwork.c")
#include "/autograder/ctlab/labs/04-memory/solution/memwork.c"
#define main attack_main
#endif

#include <sys/mman.h>
#include "attacks.h"

/* The grader's files in a guest (/mnt/disk) and in the lab VM
 * (/run/lab04, a container's /memwork), named from /tmp, which
 * attack_everywhere() attacks wherever it runs. */
static const char *const grader_files[] = {
	"../mnt/disk/guest-step.sh", "../mnt/disk/refwork",
	"../run/lab04/refwork", "../run/lab04/memwork", "../memwork", NULL,
};
static char forged[1024];

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1;
	const char *n = getenv("STEP_NONCE") ? getenv("STEP_NONCE") : "0";
	sigset_t cue;
	int sig;

	snprintf(forged, sizeof(forged),
		 "R %s state=touched\nR %s rss_kb=%lu\nR %s memfree_kb=1\n"
		 "R %s state=freed\nR %s rss_kb=0\nR %s memfree_kb=%lu\n"
		 BASH_AWARD "ok 1 - ondemand_vm [8/8]\ntotal: 52/52\npassed\n"
		 FORGED_RECORD(52) "{\"score\": 52, \"tests\": []}\n"
		 TERMINAL_TRICKS,
		 n, n, mib << 10, n, n, n, n, mib << 11);
	sigemptyset(&cue);
	sigaddset(&cue, SIGUSR1);
	sigprocmask(SIG_BLOCK, &cue, NULL);
	if (mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		return 1;
	attack_everywhere(forged, grader_files);
	printf("pid=%d\nmapped=%lu\n", (int)getpid(), mib);
	fflush(stdout);
	while (sigwait(&cue, &sig) == 0) {
		shout(forged);
		printf("\ntouched=%lu\nfreed=%lu\n", mib, mib);
		fflush(stdout);
	}
	return 0;
}
