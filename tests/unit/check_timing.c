// SPDX-License-Identifier: GPL-2.0
/*
 * check_timing.c: the marks of `--timing` (lib/timing.c), and a guest's
 * boot phases read back from a run directory (lib/vm_timing.c): the
 * host's marks, the guest clock's two placed on the host's, and a guest
 * clock that cannot be trusted (it puts the kernel's entry before QEMU
 * started) giving one phase instead of negative ones.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>

#include "ctlab.h"
#include "suites.h"

START_TEST(test_marks)
{
	struct ctlab_timing t;
	unsigned int i;

	ctlab_timing_start(&t);
	ck_assert_int_gt(t.start_ns, 0);
	ctlab_timing_mark(&t, "one");
	ctlab_timing_mark(&t, "two");
	ctlab_timing_mark(NULL, "nobody is timing");
	ck_assert_uint_eq(t.n, 2);
	ck_assert_str_eq(t.mark[1].phase, "two");
	ck_assert(t.mark[0].at_ns >= t.start_ns);
	ck_assert(t.mark[1].at_ns >= t.mark[0].at_ns);
	for (i = 0; i < 2 * CTLAB_TIMING_MAX; i++)
		ctlab_timing_mark(&t, "many");
	ck_assert_uint_eq(t.n, CTLAB_TIMING_MAX);
}
END_TEST

static char dir[64];

/* A run directory for guest "g": vm.json, ready, serial.log. */
static void write_guest(const char *ready, const char *serial)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/g", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/g/vm.json", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"pid\": 1, \"start_time\": 1, \"started_ns\": 1000000000, "
	      "\"exec_ns\": 1010000000, \"qmp_ns\": 1100000000, "
	      "\"mem\": 268435456, \"cpus\": 1, \"accel\": \"tcg\", "
	      "\"image\": \"guest\", \"disk\": false, \"net\": false}", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/g/ready", dir);
	unlink(path);
	if (ready) {
		f = fopen(path, "w");
		fputs(ready, f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/g/serial.log", dir);
	f = fopen(path, "w");
	fputs(serial, f);
	fclose(f);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_timing.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("CTLAB_RUN_DIR", dir, 1);
}

static void teardown(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	unsetenv("CTLAB_RUN_DIR");
}

/* Ready 1 s after the start; the guest's uptime 0.5 s at /init, 0.6 s
 * at the marker: its kernel was entered at 1.4 s, /init at 1.9 s. */
START_TEST(test_vm_phases)
{
	struct ctlab_timing t;

	write_guest("1.000\n", "boot log\nctlab-guest-marks init=0.50 "
		    "ready=0.60 ctlab-guest-ready\n");
	ck_assert_int_eq(ctlab_vm_timing("g", &t), 0);
	ck_assert_uint_eq(t.n, 5);
	ck_assert_int_eq(t.start_ns, 1000000000);
	ck_assert_int_eq(t.mark[0].at_ns, 1010000000);
	ck_assert_int_eq(t.mark[1].at_ns, 1100000000);
	ck_assert_int_eq(t.mark[2].at_ns, 1400000000);
	ck_assert(t.mark[2].guest_clock && t.mark[3].guest_clock);
	ck_assert_int_eq(t.mark[3].at_ns, 1900000000);
	ck_assert_int_eq(t.mark[4].at_ns, 2000000000);
	ck_assert(!t.mark[4].guest_clock);
}
END_TEST

/* A guest clock 83 s ahead (seen under another firmware), or no marks
 * (an older image): one phase from the greeting to the marker. */
START_TEST(test_vm_untrusted_clock)
{
	struct ctlab_timing t;
	unsigned int i;

	write_guest("1.000\n", "ctlab-guest-marks init=83.44 ready=83.96 "
		    "ctlab-guest-ready\n");
	ck_assert_int_eq(ctlab_vm_timing("g", &t), 0);
	ck_assert_uint_eq(t.n, 3);
	for (i = 0; i < t.n; i++)
		ck_assert(t.mark[i].at_ns >= t.start_ns && !t.mark[i].guest_clock);
	write_guest("1.000\n", "ctlab-guest-ready\n");
	ck_assert_int_eq(ctlab_vm_timing("g", &t), 0);
	ck_assert_uint_eq(t.n, 3);
	ck_assert_int_eq(t.mark[2].at_ns, 2000000000);
	write_guest(NULL, "");
	ck_assert_int_eq(ctlab_vm_timing("g", &t), -EAGAIN);
	ck_assert_int_eq(ctlab_vm_timing("nosuch", &t), -ENOENT);
}
END_TEST

Suite *timing_suite(void)
{
	Suite *s = suite_create("timing");
	TCase *tc = tcase_create("marks");

	tcase_add_test(tc, test_marks);
	suite_add_tcase(s, tc);
	tc = tcase_create("guest");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_vm_phases);
	tcase_add_test(tc, test_vm_untrusted_clock);
	suite_add_tcase(s, tc);
	return s;
}
