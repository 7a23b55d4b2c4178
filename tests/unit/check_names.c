// SPDX-License-Identifier: GPL-2.0
/*
 * check_names.c: ctlab_name_valid(), the rule for container and guest
 * names.  A name becomes a path under /run/ctlab and part of QEMU's
 * comma-separated options, so anything that could escape either must be
 * refused: slashes, "..", commas, spaces, a leading dash.
 */
#include <errno.h>
#include <check.h>

#include "ctlab.h"
#include "suites.h"

static const struct {
	const char *name;
	int err;
} cases[] = {
	{ "g1", 0 },
	{ "a", 0 },
	{ "Web_server-2.test", 0 },
	{ "0123456789012345678901234567890", 0 },	/* 31 characters */
	{ "01234567890123456789012345678901", -EINVAL },	/* 32 */
	{ "", -EINVAL },
	{ ".", -EINVAL },
	{ "..", -EINVAL },
	{ ".hidden", -EINVAL },
	{ "-rf", -EINVAL },
	{ "a/b", -EINVAL },
	{ "../etc", -EINVAL },
	{ "a,b", -EINVAL },
	{ "a b", -EINVAL },
	{ "a;reboot", -EINVAL },
	{ "$(id)", -EINVAL },
	{ "g\n", -EINVAL },
	{ "caf\xc3\xa9", -EINVAL },
	{ "caf\xe9", -EINVAL },		/* Latin-1: the kernel's isalnum() */
	{ "\xc0x", -EINVAL },
	{ "_x", 0 },
	{ "x-.", 0 },
};

START_TEST(test_name)
{
	ck_assert_msg(ctlab_name_valid(cases[_i].name) == cases[_i].err,
		      "\"%s\": want %d", cases[_i].name, cases[_i].err);
}
END_TEST

START_TEST(test_null)
{
	ck_assert_int_eq(ctlab_name_valid(NULL), -EINVAL);
}
END_TEST

Suite *names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("valid");

	tcase_add_loop_test(tc, test_name, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_null);
	suite_add_tcase(s, tc);
	return s;
}
