/* SPDX-License-Identifier: GPL-2.0 */
/* The Check suites of the unit tests, one per unit, run by runner.c. */
#ifndef CTLAB_TEST_SUITES_H
#define CTLAB_TEST_SUITES_H

#include <check.h>

Suite *uapi_suite(void);
Suite *names_suite(void);
Suite *size_suite(void);
Suite *qmp_suite(void);
Suite *procstat_suite(void);
Suite *paths_suite(void);
Suite *top_suite(void);
Suite *timing_suite(void);
Suite *qemu_suite(void);
Suite *describe_suite(void);
Suite *ktap_suite(void);

#endif
