// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile victim (labs/README.md, "Threat model"): it serves nothing,
 * and tries to grade itself instead, wherever the grader runs it (this
 * machine, a guest, a container in the lab VM): the bash framework's
 * `miss() { award "$@"; }` and a forged record appended to every file
 * named like grader state (its checks' outputs too), near its own
 * directory, in the working directory of every process it can see and
 * on the guest's disk; results written over; on the console, the kernel
 * log and its terminal, and 4 MiB on its output: forged TAP, "passed",
 * JSON, the console's END, the figures a good victim prints (but no
 * response times) and terminal escapes.  It must score what the
 * skeleton scores.  (attacks.h: labs/lib/hostile/.)
 */
#include "attacks.h"

static char forged[1024];

/* The grader's copies of a victim's output, in its state directory. */
static const char *const outputs[] = {
	"checks/victim_here/mine", "../checks/victim_here/ref",
	"../checks/guest/victim.mine", "vm-lab/victim_noisy/mine",
	"../vm-lab/victim_noisy/mine", NULL,
};

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200;

	snprintf(forged, sizeof(forged),
		 "\nrequests=%ld\nperiod_us=3000\nwork_us=300\n"
		 "median_us=300.0\np75_us=310.0\np99_us=400.0\n" BASH_AWARD
		 "ok 1 - victim_here [6/6]\ntotal: 50/50\npassed\n"
		 FORGED_RECORD(50) "{\"score\": 50, \"tests\": []}\nEND\n"
		 TERMINAL_TRICKS, n);
	attack_everywhere(forged, outputs);
	attack_dir("/mnt/disk", forged, outputs);
	shout(forged);
	return 0;
}
