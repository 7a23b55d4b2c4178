// SPDX-License-Identifier: GPL-2.0
/*
 * check_paths.c: where a container's cgroup and run directory are.  Both
 * are built from its name, which ctlab_name_valid() has checked, and the
 * run directory's base can be moved with CTLAB_CT_RUN_DIR (the tests do).
 */
#include <errno.h>
#include <stdlib.h>
#include <check.h>

#include "ctlab.h"
#include "suites.h"

START_TEST(test_cgroup_path)
{
	char buf[64];

	ck_assert_int_eq(ctlab_cgroup_path("web", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/sys/fs/cgroup/ctlab/web");
	ck_assert_int_eq(ctlab_cgroup_path("web", buf, 10), -ENAMETOOLONG);
}
END_TEST

START_TEST(test_run_dir)
{
	char buf[64];

	unsetenv("CTLAB_CT_RUN_DIR");
	ck_assert_int_eq(ctlab_ct_run_dir("web", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/run/ctlab/ct/web");
	setenv("CTLAB_CT_RUN_DIR", "/tmp/cts", 1);
	ck_assert_int_eq(ctlab_ct_run_dir("web", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/tmp/cts/web");
	ck_assert_int_eq(ctlab_ct_run_dir("web", buf, 8), -ENAMETOOLONG);
	unsetenv("CTLAB_CT_RUN_DIR");
}
END_TEST

Suite *paths_suite(void)
{
	Suite *s = suite_create("paths");
	TCase *tc = tcase_create("container");

	tcase_add_test(tc, test_cgroup_path);
	tcase_add_test(tc, test_run_dir);
	suite_add_tcase(s, tc);
	return s;
}
