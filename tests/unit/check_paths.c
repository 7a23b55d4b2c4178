// SPDX-License-Identifier: GPL-2.0
/*
 * check_paths.c: where a container's cgroup and run directory are.  Both
 * are built from its name, which ctlab_name_valid() has checked, and the
 * run directory's base can be moved with CTLAB_CT_RUN_DIR (the tests do).
 * And the addresses of a container's veth pair, built from its id.
 */
#include <arpa/inet.h>
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

/* --net: each id its own /30 of 10.77.0.0/16, the host's end first. */
START_TEST(test_net_addresses)
{
	struct ctlab_ct_net net;
	char host[INET_ADDRSTRLEN], ct[INET_ADDRSTRLEN];

	ck_assert_int_eq(ctlab_ct_net(1, &net), 0);
	ck_assert_str_eq(net.host_if, "ctlab1");
	ck_assert_str_eq(inet_ntop(AF_INET, &net.host, host, sizeof(host)),
			 "10.77.0.5");
	ck_assert_str_eq(inet_ntop(AF_INET, &net.container, ct, sizeof(ct)),
			 "10.77.0.6");
	ck_assert_int_eq(ctlab_ct_net(1024, &net), 0);
	ck_assert_str_eq(net.host_if, "ctlab1024");
	ck_assert_str_eq(inet_ntop(AF_INET, &net.container, ct, sizeof(ct)),
			 "10.77.16.2");
	ck_assert_int_eq(ctlab_ct_net(0, &net), -EINVAL);
	ck_assert_int_eq(ctlab_ct_net(16384, &net), -EINVAL);
}
END_TEST

Suite *paths_suite(void)
{
	Suite *s = suite_create("paths");
	TCase *tc = tcase_create("container");

	tcase_add_test(tc, test_cgroup_path);
	tcase_add_test(tc, test_run_dir);
	tcase_add_test(tc, test_net_addresses);
	suite_add_tcase(s, tc);
	return s;
}
