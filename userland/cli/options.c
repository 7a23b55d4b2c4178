// SPDX-License-Identifier: GPL-2.0
/*
 * options.c: one parser for every verb, built from the verb's own table
 * of options (struct cli_opt), so that what a verb accepts is exactly
 * what its --help, its man page and its completion say.
 *
 * It is getopt_long() underneath, with its own messages turned off:
 * getopt's "invalid option -- '1'" for `limit c1 -1` tells a student
 * nothing, where "negative numbers are not accepted" does.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define MAX_OPTS 48

static const struct cli_cmd *built;
static struct option longs[MAX_OPTS + 2];
static char shorts[3 * MAX_OPTS + 8];

/* getopt_long()'s tables for @cmd, made once per process. */
static void build(const struct cli_cmd *cmd)
{
	const struct cli_opt *o;
	char *s = shorts;
	int n = 0;

	if (built == cmd)
		return;
	built = cmd;
	optind = 0;		/* glibc: start afresh */
	opterr = 0;		/* our messages, not getopt's */
	if (cmd->options_first)
		*s++ = '+';
	*s++ = ':';		/* a missing argument returns ':' */
	*s++ = 'h';
	longs[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	for (o = cmd->opts; o && o->name && n < MAX_OPTS; o++) {
		longs[n++] = (struct option){
			o->name,
			!o->arg ? no_argument :
			o->optional_arg ? optional_argument : required_argument,
			NULL, o->key,
		};
		if (o->key < 256 && !strchr(shorts, o->key)) {
			*s++ = (char)o->key;
			if (o->arg)
				*s++ = ':';
			if (o->arg && o->optional_arg)
				*s++ = ':';
		}
	}
	longs[n] = (struct option){ 0 };
	*s = '\0';
}

/* Does @s look like a negative number ("-1", "-0.5")? */
static bool negative_number(const char *s)
{
	return s[0] == '-' && isdigit((unsigned char)s[1]);
}

int cli_getopt(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *arg;
	int c;

	build(cmd);
	c = getopt_long(argc, argv, shorts, longs, NULL);
	arg = argv[optind - 1 < argc ? optind - 1 : argc - 1];
	switch (c) {
	case 'h':
		help(cmd);
	case '?':
		if (negative_number(arg))
			usage(cmd, "'%s': negative numbers are not accepted", arg);
		if (optopt && optopt < 256)
			usage(cmd, "unknown option '-%c'", optopt);
		usage(cmd, "unknown option '%s'", arg);
	case ':':
		usage(cmd, "option '%s' needs an argument", arg);
	default:
		return c;
	}
}
