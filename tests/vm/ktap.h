/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h: the few helpers an in-guest test program needs to speak KTAP,
 * the kernel's test output format (Documentation/dev-tools/ktap.rst):
 *
 *	KTAP version 1
 *	1..3
 *	ok 1 name
 *	not ok 2 name
 *	# the reason, as a diagnostic line
 *	ok 3 name # SKIP why it could not run
 *
 * A test is a function that returns KTAP_PASS, KTAP_FAIL or KTAP_SKIP and
 * says why with ktap_diag().  Subtests are printed indented by 4 spaces.
 */
#ifndef CTLAB_KTAP_H
#define CTLAB_KTAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum ktap_result { KTAP_PASS, KTAP_FAIL, KTAP_SKIP };

struct ktap_test {
	const char *name;
	enum ktap_result (*run)(void);
};

static const char *ktap_indent = "";
static const char *ktap_skip_reason = "";

static inline void __attribute__((format(printf, 1, 2)))
ktap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("%s# ", ktap_indent);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* In a test: fail it, saying why, unless @cond holds. */
#define KTAP_EXPECT(cond, ...) do {					\
	if (!(cond)) {							\
		ktap_diag(__VA_ARGS__);					\
		return KTAP_FAIL;					\
	}								\
} while (0)

/* Return this from a test that cannot run here, with the reason. */
static inline enum ktap_result ktap_skip(const char *reason)
{
	ktap_skip_reason = reason;
	return KTAP_SKIP;
}

/* Run every test of the table; returns the number that failed. */
static inline int ktap_run(const struct ktap_test *tests, int count)
{
	int i, failed = 0;

	printf("%sKTAP version 1\n%s1..%d\n", ktap_indent, ktap_indent, count);
	for (i = 0; i < count; i++) {
		enum ktap_result r;

		fflush(stdout);
		r = tests[i].run();
		if (r == KTAP_SKIP)
			printf("%sok %d %s # SKIP %s\n", ktap_indent, i + 1,
			       tests[i].name, ktap_skip_reason);
		else
			printf("%s%sok %d %s\n", ktap_indent,
			       r == KTAP_PASS ? "" : "not ", i + 1,
			       tests[i].name);
		failed += r == KTAP_FAIL;
	}
	fflush(stdout);
	return failed;
}

/*
 * PROGRAM [TEST...]: copies into @chosen the tests of @tests named on
 * the command line, or all of them without names; returns how many.
 * A name no test has bails out (-1): run as "1..0", a misspelt test
 * would pass having tested nothing.
 */
static inline int ktap_choose(const struct ktap_test *tests, int count,
			      int argc, char **argv, struct ktap_test *chosen)
{
	int i, j, n = 0;

	for (j = 1; j < argc; j++) {
		for (i = 0; i < count && strcmp(argv[j], tests[i].name); i++)
			;
		if (i == count) {
			printf("Bail out! no test named '%s'\n", argv[j]);
			return -1;
		}
	}
	for (i = 0; i < count; i++)
		for (j = 1; j < argc || (argc == 1 && j == 1); j++)
			if (argc == 1 || !strcmp(argv[j], tests[i].name)) {
				chosen[n++] = tests[i];
				break;
			}
	return n;
}

#endif /* CTLAB_KTAP_H */
