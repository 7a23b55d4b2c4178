// SPDX-License-Identifier: GPL-2.0
/*
 * runner.c: runs every Check suite of the unit tests.
 *
 * Check forks each test, so a crashing test fails alone.  Set
 * CK_TAP_LOG_FILE_NAME to get TAP as well (tests/run does).
 */
#include <stdlib.h>
#include <check.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(uapi_suite());
	int failed;

	srunner_add_suite(sr, names_suite());
	srunner_add_suite(sr, size_suite());
	srunner_add_suite(sr, qmp_suite());
	srunner_add_suite(sr, procstat_suite());
	srunner_add_suite(sr, paths_suite());
	srunner_add_suite(sr, top_suite());
	srunner_add_suite(sr, timing_suite());
	srunner_add_suite(sr, qemu_suite());
	srunner_add_suite(sr, describe_suite());
	srunner_add_suite(sr, ktap_suite());

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
