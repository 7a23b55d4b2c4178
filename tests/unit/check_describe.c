// SPDX-License-Identifier: GPL-2.0
/*
 * check_describe.c: ctlab_account_json(), the "account" object of
 * `ctlab stats --json` and `ctlab inspect`.
 *
 * A figure the container's cgroup does not provide must be null, never
 * a 0 that reads as measured: no cgroup, no pids controller, no PSI, a
 * kernel without memory.swap.peak.
 */
#include <check.h>

#include "ctlab.h"
#include "suites.h"

static struct ctlab_account acct(uint32_t valid)
{
	struct ctlab_account a = { .id = 1, .valid = valid };

	a.privvm = 4096;
	a.nr_files = 3;
	a.kmem = 10;
	a.pids_current = 2;
	a.psi_some_avg10 = 150;
	return a;
}

START_TEST(test_groups_missing_are_null)
{
	struct ctlab_account a = acct(0);
	json_t *j = ctlab_account_json(&a);

	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "privvm")), 4096);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "nr_files")), 3);
	ck_assert(json_is_null(json_object_get(j, "kmem")));
	ck_assert(json_is_null(json_object_get(j, "swap")));
	ck_assert(json_is_null(json_object_get(j, "swap_peak")));
	ck_assert(json_is_null(json_object_get(j, "pids")));
	ck_assert(json_is_null(json_object_get(j, "events")));
	ck_assert(json_is_null(json_object_get(j, "pressure")));
	json_decref(j);
}
END_TEST

START_TEST(test_groups_present)
{
	struct ctlab_account a = acct(CTLAB_ACCT_MEMCG | CTLAB_ACCT_PIDS |
				      CTLAB_ACCT_PSI);
	json_t *j = ctlab_account_json(&a), *pids;

	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(
		json_object_get(j, "kmem"), "total")), 10);
	/* 0 swapped, as a number: not null, which also reads as 0. */
	ck_assert(json_is_integer(json_object_get(j, "swap")));
	ck_assert_int_eq(json_integer_value(json_object_get(j, "swap")), 0);
	ck_assert(json_is_null(json_object_get(j, "swap_peak")));
	pids = json_object_get(j, "pids");
	ck_assert_int_eq(json_integer_value(json_object_get(pids, "current")), 2);
	/* pids.max "max": no limit, not a limit of 0. */
	ck_assert(json_is_null(json_object_get(pids, "max")));
	ck_assert(json_real_value(json_object_get(
		json_object_get(j, "pressure"), "some_avg10_pct")) == 1.5);
	json_decref(j);
}
END_TEST

Suite *describe_suite(void)
{
	Suite *s = suite_create("describe");
	TCase *tc = tcase_create("account_json");

	tcase_add_test(tc, test_groups_missing_are_null);
	tcase_add_test(tc, test_groups_present);
	suite_add_tcase(s, tc);
	return s;
}
