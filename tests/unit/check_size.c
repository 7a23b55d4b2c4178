// SPDX-License-Identifier: GPL-2.0
/*
 * check_size.c: ctlab_size_parse() and ctlab_size_format() (the one
 * formatter of sizes: ps, stats and ctlab top).
 *
 * Sizes come from users ("--mem 256M", "vm balloon g1 128M"), so the
 * parser must refuse, not guess: "-1" would wrap to 16 EiB through
 * strtoull(), "1.5G" would silently become 1 byte, and "99999999999T"
 * would overflow.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <check.h>

#include "ctlab.h"
#include "suites.h"

static const struct {
	const char *in;
	int err;
	uint64_t bytes;
} parse_cases[] = {
	{ "0", 0, 0 },
	{ "4096", 0, 4096 },
	{ "64K", 0, 64ULL << 10 },
	{ "64k", 0, 64ULL << 10 },
	{ "256M", 0, 256ULL << 20 },
	{ "256MiB", 0, 256ULL << 20 },
	{ "256MB", 0, 256ULL << 20 },
	{ "1G", 0, 1ULL << 30 },
	{ "2T", 0, 2ULL << 40 },
	{ "18446744073709551615", 0, UINT64_MAX },
	{ "", -EINVAL, 0 },
	{ "M", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "+5", -EINVAL, 0 },
	{ " 5", -EINVAL, 0 },
	{ "1.5G", -EINVAL, 0 },
	{ "12Q", -EINVAL, 0 },
	{ "1G ", -EINVAL, 0 },
	{ "1Gi", -EINVAL, 0 },
	{ "1GiBs", -EINVAL, 0 },
	{ "0x10", -EINVAL, 0 },
	{ "18446744073709551616", -ERANGE, 0 },
	{ "16777216T", -ERANGE, 0 },
	{ "16777215T", 0, 16777215ULL << 40 },
};

START_TEST(test_parse)
{
	uint64_t bytes = 12345;
	int err = ctlab_size_parse(parse_cases[_i].in, &bytes);

	ck_assert_msg(err == parse_cases[_i].err, "\"%s\": got %d, want %d",
		      parse_cases[_i].in, err, parse_cases[_i].err);
	if (!err)
		ck_assert_msg(bytes == parse_cases[_i].bytes, "\"%s\": got %llu",
			      parse_cases[_i].in, (unsigned long long)bytes);
	else
		ck_assert_msg(bytes == 12345, "\"%s\": output changed on error",
			      parse_cases[_i].in);
}
END_TEST

START_TEST(test_parse_null)
{
	uint64_t bytes;

	ck_assert_int_eq(ctlab_size_parse(NULL, &bytes), -EINVAL);
}
END_TEST

/* What ps, stats and ctlab top show: never more than 5 characters. */
static const struct {
	uint64_t bytes;
	const char *text;
} format_cases[] = {
	{ 0, "0" },
	{ 1023, "1023" },
	{ 1024, "1K" },
	{ 300 << 10, "300K" },
	{ (1 << 20) - 1, "1023K" },
	{ 1536 << 10, "1.5M" },
	{ 90ULL << 20, "90M" },
	{ 999ULL << 20, "999M" },
	{ 1000ULL << 20, "1.0G" },
	{ 24ULL << 30, "24G" },
	{ 20000ULL << 30, "20T" },
	/* Issue 18, bug 7: huge limits kept their last unit and were cut. */
	{ 1000ULL << 40, "1000T" },
	{ 9999ULL << 40, "10P" },
	{ 1ULL << 63, "8E" },
	{ 99999ULL << 40, "98P" },
	{ UINT64_MAX, "16E" },
};

START_TEST(test_format)
{
	char buf[16];
	int n = ctlab_size_format(format_cases[_i].bytes, buf, sizeof(buf));

	ck_assert_str_eq(buf, format_cases[_i].text);
	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert_uint_le(strlen(buf), 5);
}
END_TEST

Suite *size_suite(void)
{
	Suite *s = suite_create("size");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_parse, 0,
			    sizeof(parse_cases) / sizeof(parse_cases[0]));
	tcase_add_test(tc, test_parse_null);
	tcase_add_loop_test(tc, test_format, 0,
			    sizeof(format_cases) / sizeof(format_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
