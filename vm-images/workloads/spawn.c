// SPDX-License-Identifier: GPL-2.0
/*
 * spawn: start N child processes that sleep, and keep them.
 *
 *   spawn N [SECONDS]
 *
 * A fork bomb that counts.  The process lessons need many tasks in a
 * container (numproc in /dev/ctlab, the cgroup's pids.current and
 * pids.max, what each PID namespace shows of them) or in a guest, without
 * the hazard of a real fork bomb.  Each child sleeps in pause(): it costs
 * a task and a few pages, no CPU.
 *
 * spawn keeps its children for SECONDS (default: until it is killed),
 * then kills and reaps them and exits 0.  They die with it too, however
 * it dies: each child asks the kernel for SIGKILL when its parent goes
 * (PR_SET_PDEATHSIG), so nothing is left behind.  If a fork fails (at a
 * pids.max limit, say) spawn says after how many children, kills them
 * and exits 1.
 */
#include <getopt.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "workload.h"

static const char usage[] = "usage: spawn N [SECONDS]\n";

/* The child: die with the parent, sleep until then. */
static void __attribute__((noreturn)) child(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent may have gone before prctl(): then nobody would ask. */
	if (getppid() != parent)
		_exit(0);
	for (;;)
		pause();
}

/* Kill the first N children in PIDS and wait for each. */
static void reap(const pid_t *pids, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	unsigned long n, i, secs = HOLD_FOREVER;
	pid_t self = getpid(), *pids;
	int c;

	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1)
		usage_exit(usage, c == 'h' ? 0 : 2);
	if (argc - optind < 1 || argc - optind > 2 ||
	    !parse_num(argv[optind], 1000000, &n) ||
	    (argc - optind == 2 && !parse_hold(argv[optind + 1], &secs)))
		usage_exit(usage, 2);

	pids = calloc(n ? n : 1, sizeof(*pids));
	if (!pids) {
		fprintf(stderr, "spawn: out of memory\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			child(self);
		if (pids[i] < 0) {
			fprintf(stderr, "spawn: fork after %lu children: %s\n",
				i, strerror(errno));
			reap(pids, i);
			return 1;
		}
	}
	printf("spawn: %lu children started\n", n);

	hold(secs);
	reap(pids, n);
	printf("spawn: %lu children stopped\n", n);
	return 0;
}
