// SPDX-License-Identifier: GPL-2.0
/*
 * tsc.c: the rate of the host's time stamp counter, for a TCG guest.
 *
 * Under TCG a guest's RDTSC reads the host's own counter, so the guest's
 * TSC runs at the host's rate.  A kernel finds that rate by timing the
 * TSC against another clock (the PIT, the HPET or ACPI's PM timer); the
 * microvm machine has none of those, so a kernel on it cannot calibrate,
 * its local APIC timer never starts and the boot hangs in
 * calibrate_delay().  ctlab measures the rate here, against the host's
 * CLOCK_MONOTONIC over 10 ms, and gives it to the guest's kernel as
 * tsc_early_khz= (qemu.c).  The guest's clock is then as good as this
 * figure: a few parts in 10,000.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>

/*
 * A TSC reading and the monotonic time it was taken at.  Of a few tries
 * the one with the shortest bracket wins: a try the scheduler interrupted
 * between the two clock reads would blur the pair.
 */
static void pair(int64_t *ns, uint64_t *tsc)
{
	int64_t best = INT64_MAX;
	int i;

	for (i = 0; i < 8; i++) {
		int64_t t0 = ctlab_now_ns();
		uint64_t c = __rdtsc();
		int64_t t1 = ctlab_now_ns();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*ns = t0 + (t1 - t0) / 2;
			*tsc = c;
		}
	}
}

int vm_host_tsc_khz(unsigned long *khz)
{
	int64_t ns0 = 0, ns1 = 0;
	uint64_t tsc0 = 0, tsc1 = 0;

	pair(&ns0, &tsc0);
	usleep(10000);
	pair(&ns1, &tsc1);
	if (ns1 <= ns0 || tsc1 <= tsc0)
		return -EIO;
	*khz = (unsigned long)((tsc1 - tsc0) * 1000000.0 / (ns1 - ns0));
	return *khz ? 0 : -EIO;
}
#else
int vm_host_tsc_khz(unsigned long *khz)
{
	(void)khz;
	return -EOPNOTSUPP;
}
#endif
