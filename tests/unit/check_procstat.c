// SPDX-License-Identifier: GPL-2.0
/*
 * check_procstat.c: the host-side figures libctlab reads from /proc,
 * checked against a process whose memory the test controls: itself.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <check.h>

#include "ctlab.h"
#include "suites.h"

/* An anonymous mapping of an unusual size, with @touched pages written. */
START_TEST(test_anon_rss)
{
	const size_t page = (size_t)sysconf(_SC_PAGESIZE);
	const size_t size = 777 * page;
	uint64_t rss = 0, before = 0;
	char *p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	ck_assert_int_eq(ctlab_proc_anon_rss(getpid(), size, &before), 0);
	ck_assert_uint_eq(before, 0);
	memset(p, 1, 5 * page);
	ck_assert_int_eq(ctlab_proc_anon_rss(getpid(), size, &rss), 0);
	ck_assert_uint_eq(rss, 5 * page);
	/* No mapping of that size: a clear -ENOENT, not a zero. */
	ck_assert_int_eq(ctlab_proc_anon_rss(getpid(), size + page, &rss),
			 -ENOENT);
	munmap(p, size);
}
END_TEST

START_TEST(test_mem_and_cpu)
{
	uint64_t rss = 0, pss = 0, cpu = 0, start = 0;
	volatile unsigned long spin = 0;

	ck_assert_int_eq(ctlab_proc_mem(getpid(), &rss, &pss), 0);
	ck_assert(rss > 0 && pss > 0 && pss <= rss);
	/* Burn some CPU so that at least one clock tick is counted. */
	while (ctlab_proc_cpu(getpid(), 0, &cpu) == 0 && cpu < 20000000)
		for (int i = 0; i < 1000000; i++)
			spin++;
	ck_assert_uint_ge(cpu, 20000000);
	ck_assert_int_eq(ctlab_proc_cpu(getpid(), getpid(), &cpu), 0);
	ck_assert_int_eq(ctlab_proc_start_time(getpid(), &start), 0);
	ck_assert_uint_gt(start, 0);
}
END_TEST

START_TEST(test_no_such_process)
{
	uint64_t a, b;

	/* PIDs never reach INT32_MAX (pid_max is at most 2^22). */
	ck_assert_int_eq(ctlab_proc_mem(INT32_MAX, &a, &b), -ESRCH);
	ck_assert_int_eq(ctlab_proc_cpu(INT32_MAX, 0, &a), -ESRCH);
	ck_assert_int_eq(ctlab_proc_start_time(INT32_MAX, &a), -ESRCH);
}
END_TEST

Suite *procstat_suite(void)
{
	Suite *s = suite_create("procstat");
	TCase *tc = tcase_create("self");

	tcase_add_test(tc, test_anon_rss);
	tcase_add_test(tc, test_mem_and_cpu);
	tcase_add_test(tc, test_no_such_process);
	suite_add_tcase(s, tc);
	return s;
}
