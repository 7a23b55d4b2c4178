// SPDX-License-Identifier: GPL-2.0
/*
 * check_uapi.c: the ABI promises of include/uapi/linux/ctlab.h.
 *
 * A struct whose size or layout changes, or a command whose number,
 * direction or size changes, breaks every program built against the old
 * header.  These tests pin them down, so such a change cannot slip in
 * unnoticed: it must come with a new ABI major number.
 */
#include <stddef.h>
#include <sys/ioctl.h>
#include <check.h>
#include <linux/ctlab.h>

#include "suites.h"

START_TEST(test_version_layout)
{
	ck_assert_uint_eq(sizeof(struct ctlab_version), 32);
	ck_assert_uint_eq(offsetof(struct ctlab_version, abi_major), 0);
	ck_assert_uint_eq(offsetof(struct ctlab_version, abi_minor), 4);
	ck_assert_uint_eq(offsetof(struct ctlab_version, reserved), 8);
}
END_TEST

/*
 * ACCOUNT (ABI 1.2) grows at its end only: these offsets stay, a new
 * field goes where reserved was, and the size only grows.
 */
START_TEST(test_account_layout)
{
	ck_assert_uint_eq(sizeof(struct ctlab_account), 208);
	ck_assert_uint_eq(offsetof(struct ctlab_account, kmem), 8);
	ck_assert_uint_eq(offsetof(struct ctlab_account, nr_files), 64);
	ck_assert_uint_eq(offsetof(struct ctlab_account, pids_current), 80);
	ck_assert_uint_eq(offsetof(struct ctlab_account, psi_full_total), 168);
	ck_assert_uint_eq(offsetof(struct ctlab_account, reserved), 180);
}
END_TEST

/* Every command of the ABI: its number, direction and argument size. */
static const struct {
	const char *name;
	unsigned long cmd;
	unsigned int nr;
	unsigned int dir;
	size_t size;
} commands[] = {
	{ "GET_VERSION", CTLAB_IOC_GET_VERSION, 0, _IOC_READ,
	  sizeof(struct ctlab_version) },
	{ "STATS", CTLAB_IOC_STATS, 4, _IOC_READ | _IOC_WRITE, 256 },
	{ "ACCOUNT", CTLAB_IOC_ACCOUNT, 8, _IOC_READ | _IOC_WRITE, 208 },
};

START_TEST(test_command_encoding)
{
	unsigned long cmd = commands[_i].cmd;

	ck_assert_msg(_IOC_TYPE(cmd) == CTLAB_IOC_MAGIC, "%s: magic %#lx",
		      commands[_i].name, _IOC_TYPE(cmd));
	ck_assert_msg(_IOC_NR(cmd) == commands[_i].nr, "%s: nr %lu",
		      commands[_i].name, _IOC_NR(cmd));
	ck_assert_msg(_IOC_DIR(cmd) == commands[_i].dir, "%s: dir %lu",
		      commands[_i].name, _IOC_DIR(cmd));
	ck_assert_msg(_IOC_SIZE(cmd) == commands[_i].size, "%s: size %lu",
		      commands[_i].name, _IOC_SIZE(cmd));
}
END_TEST

START_TEST(test_command_numbers_unique)
{
	size_t i, j, n = sizeof(commands) / sizeof(commands[0]);

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			ck_assert_msg(_IOC_NR(commands[i].cmd) !=
				      _IOC_NR(commands[j].cmd),
				      "%s and %s share a number",
				      commands[i].name, commands[j].name);
}
END_TEST

Suite *uapi_suite(void)
{
	Suite *s = suite_create("uapi");
	TCase *tc = tcase_create("abi");

	tcase_add_test(tc, test_version_layout);
	tcase_add_test(tc, test_account_layout);
	tcase_add_loop_test(tc, test_command_encoding, 0,
			    sizeof(commands) / sizeof(commands[0]));
	tcase_add_test(tc, test_command_numbers_unique);
	suite_add_tcase(s, tc);
	return s;
}
