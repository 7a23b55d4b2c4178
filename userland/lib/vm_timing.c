// SPDX-License-Identifier: GPL-2.0
/*
 * vm_timing.c: where a guest's boot time went, from what its run
 * directory holds (ctlab_vm_timing() in ctlab.h).
 *
 * The host's clock gives three moments: QEMU exec'd, QEMU's greeting on
 * QMP (vm.json records both), and the ready marker seen in serial.log
 * (the "ready" file).  Between the greeting and the marker the host sees
 * nothing: QEMU runs the firmware, which loads and enters the kernel,
 * which boots and runs /init.  The guest's /init reads its own uptime
 * twice, when it starts and just before the marker, and prints both on
 * the marker's line:
 *
 *     ctlab-guest-marks init=0.31 ready=0.35 ctlab-guest-ready
 *
 * The guest's uptime starts early in the kernel (timekeeping_init), so
 * the marker's host time less "ready=" is about when the kernel was
 * entered, and that plus "init=" when /init started.  Those two marks
 * are only as good as the guest's clock: /proc/uptime counts in 10 ms,
 * and a guest whose clock put its kernel's entry before QEMU's start
 * gets one phase from the greeting to the marker instead.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The most of serial.log read for the marks: a quiet boot logs little. */
#define LOG_MAX (256 * 1024)

/* The guest's two uptimes from the marks line of serial.log. */
static int guest_marks(const char *name, double *init_s, double *ready_s)
{
	char path[PATH_MAX], *buf, *line;
	size_t n;
	FILE *f;
	int err;

	err = vm_path(name, "serial.log", path, sizeof(path));
	if (err)
		return err;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	buf = malloc(LOG_MAX + 1);
	n = buf ? fread(buf, 1, LOG_MAX, f) : 0;
	fclose(f);
	if (!buf)
		return -ENOMEM;
	buf[n] = '\0';
	/* The line is whole: the marker at its end was seen. */
	line = strstr(buf, CTLAB_VM_MARKS " init=");
	err = line && sscanf(line, CTLAB_VM_MARKS " init=%lf ready=%lf",
			     init_s, ready_s) == 2 ? 0 : -ENODATA;
	free(buf);
	return err;
}

static int read_ready(const char *name, double *boot_s)
{
	char path[PATH_MAX];
	FILE *f;
	int ok;

	if (vm_path(name, "ready", path, sizeof(path)))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -EAGAIN : -errno;
	ok = fscanf(f, "%lf", boot_s) == 1;
	fclose(f);
	return ok ? 0 : -EIO;
}

int ctlab_vm_timing(const char *name, struct ctlab_timing *t)
{
	struct vm_record rec;
	double boot_s, init_s, up_s;
	int64_t ready_ns, entry_ns;
	int err;

	if (ctlab_name_valid(name))
		return -EINVAL;
	err = vm_read_record(name, &rec);
	if (!err)
		err = read_ready(name, &boot_s);
	if (err)
		return err;
	memset(t, 0, sizeof(*t));
	t->start_ns = rec.started_ns;
	ready_ns = rec.started_ns + (int64_t)(boot_s * 1e9);
	if (rec.exec_ns)
		timing_add(t, "QEMU exec'd (fork, exec)", rec.exec_ns, false);
	if (rec.qmp_ns)
		timing_add(t, "QEMU set up: its greeting on QMP", rec.qmp_ns,
			   false);
	/*
	 * A guest clock that ran fast (its uptime longer than QEMU has been
	 * running: seen with a clock source that jumps) says nothing.
	 */
	err = guest_marks(name, &init_s, &up_s);
	entry_ns = ready_ns - (int64_t)(up_s * 1e9);
	if (err || init_s > up_s || entry_ns < (rec.exec_ns ?: rec.started_ns)) {
		timing_add(t, "firmware, kernel and /init: to the ready marker",
			   ready_ns, false);
		return 0;
	}
	timing_add(t, "firmware: loads and enters the kernel", entry_ns, true);
	timing_add(t, "kernel: boots, to /init", entry_ns +
		   (int64_t)(init_s * 1e9), true);
	timing_add(t, "/init: to the ready marker", ready_ns, false);
	timing_sort(t);
	return 0;
}
