// SPDX-License-Identifier: GPL-2.0
/*
 * cpuburn: keep one CPU busy and say how much work it got done.
 *
 *   cpuburn [SECONDS]
 *
 * It spins for SECONDS of wall-clock time (default: until SIGINT or
 * SIGTERM), counting rounds of a million multiply-adds, then prints the
 * rounds, the wall-clock time and the CPU time it was given.  Alone on an
 * idle CPU the two times are equal.  When the CPU is shared (two cpuburns
 * on one CPU, a cgroup's cpu.max, a guest's vCPU thread on a busy host)
 * CPU time falls behind wall time.  Rounds per CPU second show what a
 * second of CPU is worth: natively, in a container, and in a guest (under
 * KVM or TCG, QEMU's emulator), where a vCPU is a thread of QEMU's and the
 * guest's own clock is what measures it.
 *
 * One cpuburn loads one CPU; start N of them to load N.
 */
#include <getopt.h>
#include <signal.h>

#include "workload.h"

static const char usage[] = "usage: cpuburn [SECONDS]\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* A million steps of a linear congruential generator: pure CPU work. */
static unsigned long long round_of_work(unsigned long long x)
{
	int i;

	for (i = 0; i < 1000000; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return x;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static volatile unsigned long long sink;
	unsigned long secs = 0, rounds = 0;
	double start, wall, cpu;
	bool forever = true;
	int c;

	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1)
		usage_exit(usage, c == 'h' ? 0 : 2);
	if (argc - optind > 1)
		usage_exit(usage, 2);
	if (argc - optind == 1) {
		if (!parse_num(argv[optind], 365UL * 24 * 3600, &secs))
			usage_exit(usage, 2);
		forever = false;
	}

	/* No SA_RESTART needed: the loop checks the flag between rounds. */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	start = now(CLOCK_MONOTONIC);
	while (!stop && (forever || now(CLOCK_MONOTONIC) - start < secs)) {
		sink = round_of_work(sink);
		rounds++;
	}
	wall = now(CLOCK_MONOTONIC) - start;
	cpu = now(CLOCK_PROCESS_CPUTIME_ID);

	printf("cpuburn: %lu rounds in %.2f s wall, %.2f s CPU: %.1f rounds per CPU second\n",
	       rounds, wall, cpu, cpu > 0 ? rounds / cpu : 0.0);
	return 0;
}
