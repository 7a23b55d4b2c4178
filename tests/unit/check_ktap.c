// SPDX-License-Identifier: GPL-2.0
/*
 * check_ktap.c: ktap_choose(), how an in-guest test program picks the
 * tests named on its command line (tests/vm/ktap.h).
 *
 * The suites run one test by name (`containers exec_enters`); a name
 * that matches nothing must fail the run, not print "1..0" and pass.
 */
#include <stdio.h>
#include <check.h>

#include "../vm/ktap.h"
#include "suites.h"

static enum ktap_result pass(void)
{
	return KTAP_PASS;
}

static const struct ktap_test tests[] = {
	{ "first", pass },
	{ "second", pass },
};

START_TEST(test_all_without_names)
{
	struct ktap_test chosen[2];
	char *argv[] = { "prog", NULL };

	ck_assert_int_eq(ktap_choose(tests, 2, 1, argv, chosen), 2);
	ck_assert_str_eq(chosen[1].name, "second");
}
END_TEST

START_TEST(test_named_in_table_order)
{
	struct ktap_test chosen[2];
	char *argv[] = { "prog", "second", NULL };

	ck_assert_int_eq(ktap_choose(tests, 2, 2, argv, chosen), 1);
	ck_assert_str_eq(chosen[0].name, "second");
}
END_TEST

START_TEST(test_unknown_name_bails_out)
{
	struct ktap_test chosen[2];
	char *argv[] = { "prog", "first", "secnod", NULL };

	/* Its "Bail out!" is for a KTAP reader, not this suite's log
	 * (Check forks each test: the runner's stdout is untouched). */
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stdout));
	ck_assert_int_eq(ktap_choose(tests, 2, 3, argv, chosen), -1);
}
END_TEST

Suite *ktap_suite(void)
{
	Suite *s = suite_create("ktap");
	TCase *tc = tcase_create("choose");

	tcase_add_test(tc, test_all_without_names);
	tcase_add_test(tc, test_named_in_table_order);
	tcase_add_test(tc, test_unknown_name_bails_out);
	suite_add_tcase(s, tc);
	return s;
}
