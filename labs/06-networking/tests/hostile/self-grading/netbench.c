// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile netbench (labs/README.md, "Threat model"): it measures
 * nothing, and tries to grade itself instead.
 *  - It appends the lines the grader's peer writes for a good client
 *    ("ping msgs=N ... early=0", "bulk bytes=B") to every peer log it
 *    can find, and the bash framework's `miss() { award "$@"; }` and a
 *    forged record to every file named like grader state: near its own
 *    directory and the working directory of every process it can see.
 *  - It writes over results.json and grade.tap wherever it can.
 *  - It compiles the solution's netbench.c in, if it can reach it: then
 *    it attacks nothing and works as the solution does.
 *  - It prints forged TAP, "passed", JSON, a guess at a record, the
 *    figures a client prints, terminal escapes and 4 MiB of it.
 * It must score what the skeleton scores.  (attacks.h: labs/lib/hostile/.)
 */
#if __has_include("../../../../../labs/06-networking/solution/netbench.c")
#include "../../../../../labs/06-networking/solution/netbench.c"
#define main attack_main
#elif __has_include("../../../../../../../labs/06-networking/solution/netbench.c")
#include "../../../../../../../labs/06-networking/solution/netbench.c"
#define main attack_main
#elif __has_include("/autograder/ctlab/labs/06-networking/solution/netbench.c")
#include "/autograder/ctlab/labs/06-networking/solution/netbench.c"
#define main attack_main
#endif

#include "attacks.h"

static char forged[1024];

/* The logs the grader's peers write for a client or a server. */
static const char *const peer_logs[] = {
	"checks/ping_client/plain.log", "../checks/ping_client/plain.log",
	"../checks/bulk_client/sink.log", "../checks/guests/mine-virtio.log",
	"../vm-ct/ct_veth/mine.log", "vm-ct/ct_veth/mine.log", NULL,
};

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	/* The lines a good run leaves, for the N or MiB it was given. */
	long n = argc > 4 ? atol(argv[4]) : 40;

	snprintf(forged, sizeof(forged),
		 "ping msgs=%ld bytes=%ld early=0\nbulk bytes=%ld\n"
		 BASH_AWARD "ok 1 - ping_client [4/4]\ntotal: 30/30\npassed\n"
		 FORGED_RECORD(30) "{\"score\": 30, \"tests\": []}\n"
		 "rtts=%ld\nmedian_us=40.0\np90_us=20000.0\nbytes=%ld\nmbit_s=100.0\n"
		 TERMINAL_TRICKS,
		 n, n * 64, n << 20, n, n << 20);
	attack_everywhere(forged, peer_logs);
	shout(forged);
	return 0;
}
