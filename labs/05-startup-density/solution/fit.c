// SPDX-License-Identifier: GPL-2.0
/*
 * fit.c: how many containers, and how many guests, fit in a memory
 * budget.  Start them one at a time, each kept running, until one does
 * not fit; then remove them all.
 *
 * Containers each run memhog, holding EACH MiB, under one budget that
 * the kernel enforces (budget.c).  One does not fit when starting it
 * fails, or when the budget's failcnt has gone up by the time its memhog
 * holds its memory (or has died trying): the kernel had to refuse a
 * charge, and reclaimed or killed something to stay within the budget.
 *
 * Guests each get EACH MiB of RAM and run nothing but their own init.
 * Nothing on the host enforces a budget for them here, so the harness
 * keeps the account: each guest is charged what its QEMU process holds
 * once it is ready (its RSS), and one does not fit when starting it
 * fails or its charge takes the total past the budget.
 */
#include <stdio.h>
#include <unistd.h>

#include "startup.h"

/* How long a memhog may take to touch its memory, in the lab VM. */
#define HOLD_TIMEOUT_MS 20000

int fit_ct(unsigned int budget_mib, unsigned int each_mib, const char **why)
{
	char names[MAX_CT_FIT][CTLAB_NAME_MAX], mib[16];
	char *hog[] = { "/usr/bin/memhog", "--hold", "forever", mib, NULL };
	pid_t inits[MAX_CT_FIT];
	int fit = 0, started = 0, i;
	int64_t before;

	snprintf(mib, sizeof(mib), "%u", each_mib);
	if (budget_set((uint64_t)budget_mib * MIB))
		die("cannot set the budget in /sys/fs/cgroup/ctlab (as root, in the lab VM?)");
	*why = "max_count";
	/* TODO 5/15: start containers named names[i] running hog, one at a
	 * time: note the budget's failcnt, start one (stop if that fails:
	 * *why = "start"), wait until its memhog holds its memory
	 * (ct_wait_held, HOLD_TIMEOUT_MS), and if the failcnt has gone up,
	 * stop: that one did not fit (*why = "failcnt").  Count in fit the
	 * ones that did, and in started all you started, to remove below.
	 */
	for (i = 0; i < MAX_CT_FIT; i++) {
		snprintf(names[i], sizeof(names[i]), "f%d-%d", (int)getpid(), i + 1);
		before = budget_failcnt();
		if (ct_start(names[i], hog, &inits[i])) {
			*why = "start";
			break;
		}
		started++;
		ct_wait_held(names[i], each_mib, HOLD_TIMEOUT_MS);
		if (budget_failcnt() > before) {
			*why = "failcnt";
			break;
		}
		fit++;
	}
	/* SKEL: (void)before, (void)hog; */
	for (i = 0; i < started; i++)
		ct_remove(names[i], inits[i]);
	budget_set(0);
	return fit;
}

int fit_vm(unsigned int budget_mib, unsigned int each_mib, const char **why)
{
	char names[MAX_VM_FIT][CTLAB_NAME_MAX];
	uint64_t used = 0, budget = (uint64_t)budget_mib * MIB;
	int fit = 0, started = 0, i;
	int64_t rss;

	*why = "max_count";
	/* TODO 5/21: start guests named names[i] with each_mib MiB, one at a
	 * time (stop if one does not start: *why = "start"), add what its
	 * QEMU holds (vm_rss) to used, and stop when used is over the
	 * budget: that one did not fit (*why = "budget").  Count in fit the
	 * ones that did, and in started all you started.
	 */
	for (i = 0; i < MAX_VM_FIT; i++) {
		snprintf(names[i], sizeof(names[i]), "f%d-%d", (int)getpid(), i + 1);
		if (vm_start(names[i], each_mib)) {
			*why = "start";
			break;
		}
		started++;
		rss = vm_rss(names[i]);
		if (rss < 0) {
			*why = "start";
			break;
		}
		used += (uint64_t)rss;
		fprintf(stderr, "%s: RSS %.1f MiB, %.1f MiB in all\n", names[i],
			(double)rss / MIB, (double)used / MIB);
		if (used > budget) {
			*why = "budget";
			break;
		}
		fit++;
	}
	/* SKEL: (void)used, (void)budget, (void)rss, (void)each_mib; */
	for (i = 0; i < started; i++)
		vm_remove(names[i]);
	return fit;
}
