// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile fsbench (labs/README.md, "Threat model"): it writes no file
 * and grades itself instead, wherever the grader runs it (this machine,
 * the guest, the lab VM, the container).
 *  - It appends `miss() { award "$@"; }` and a forged record to every
 *    file named like grader state it can reach (near its directory and
 *    the working directory of every process it can see), and writes
 *    over results.json, grade.tap and grade.txt.
 *  - It prints what fsbench prints, made up (ops=, bytes=, a plausible
 *    median_us=), forged TAP, "passed", JSON, a guessed record, terminal
 *    escapes and 4 MiB more, and tries the console and the kernel log.
 * It must score what the skeleton scores.  (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

static const char forged[] = BASH_AWARD
	"ok 1 - bench_file [3/3]\ntotal: 30/30\npassed\n"
	FORGED_RECORD(30) "{\"score\": 30, \"tests\": []}\n"
	"R flushes=100000\nR size=999999\nR ref.median_us=400\n"
	TERMINAL_TRICKS;

int main(int argc, char **argv)
{
	long n = argc == 3 ? strtol(argv[2], NULL, 10) : 100;

	attack_everywhere(forged, NULL);
	printf("ops=%ld\nbytes=%ld\nmedian_us=400\nops_per_s=2500\n", n, n * 4096);
	shout(forged);
	printf("\nops=%ld\nbytes=%ld\nmedian_us=400\n", n, n * 4096);
	return 0;
}
