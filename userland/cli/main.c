// SPDX-License-Identifier: GPL-2.0
/*
 * main.c: the ctlab command: find the verb in the command table
 * (commands.c) and run it, and the helpers every verb uses to fail
 * (die, usage) and to read its arguments (sizes, limits, numbers, names).
 *
 * Like crun, each verb lives in its own file and all the real work is in
 * libctlab.  A verb's function gets its own name as argv[0], as a
 * program would.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ctlab.h"

const char *cli_called_as;

static void vsay(const char *fmt, va_list ap)
{
	fputs("ctlab: ", stderr);
	vfprintf(stderr, fmt, ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_CTLAB);
}

void die_status(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void die_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err < 0 ? -err : err));
	exit(EXIT_CTLAB);
}

void usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ctlab %s: ", cli_called_as ? cli_called_as : cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_write_usage(stderr, cmd);
	exit(EXIT_CTLAB);
}

uint64_t cli_size(const struct cli_cmd *cmd, const char *s)
{
	uint64_t bytes;
	int err = ctlab_size_parse(s, &bytes);

	/* JSON's integers and the cgroup's counters are signed 64-bit. */
	if (err == -ERANGE || (!err && bytes > INT64_MAX))
		usage(cmd, "'%s' is too large: sizes stop below 8E (2^63 bytes)", s);
	if (err)
		usage(cmd, "'%s' is not a size (examples: 64M, 1G, 1048576)", s);
	return bytes;
}

uint64_t cli_limit(const struct cli_cmd *cmd, const char *what,
		   const char *s)
{
	uint64_t bytes = cli_size(cmd, s);

	if (bytes && bytes < CTLAB_MIN_LIMIT)
		usage(cmd, "%s %s is below the minimum of %lluM: a container's init is charged its kernel stack, page tables and the pages it runs before it can do anything (0: no limit)",
		      what, s, CTLAB_MIN_LIMIT >> 20);
	return bytes;
}

uint32_t cli_cpus(const struct cli_cmd *cmd, const char *s)
{
	double cpus;
	char *end;

	errno = 0;
	cpus = strtod(s, &end);
	if (errno || end == s || *end || !(cpus >= 0.01) ||
	    cpus > CTLAB_CPU_MILLI_MAX / 1000)
		usage(cmd, "--cpus takes a number of CPUs from 0.01 to %d (0.5, 2), not '%s'",
		      CTLAB_CPU_MILLI_MAX / 1000, s);
	return (uint32_t)(cpus * 1000 + 0.5);
}

unsigned int cli_uint(const struct cli_cmd *cmd, const char *what,
		      const char *s, unsigned int min, unsigned int max)
{
	unsigned long long v;
	char *end;

	/* strtoull() alone reads "-1" as 2^64-1 and " 7" as 7. */
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v < min || v > max)
		usage(cmd, "%s takes a whole number from %u to %u, not '%s'",
		      what, min, max, s);
	return (unsigned int)v;
}

const char *cli_name(const struct cli_cmd *cmd, const char *name)
{
	if (ctlab_name_valid(name))
		usage(cmd, "invalid name '%s': 1 to %d of A-Z a-z 0-9 _ . -, not starting with . or -",
		      name, CTLAB_NAME_LEN);
	return name;
}

const char *cli_one_name(const struct cli_cmd *cmd, int argc, char **argv)
{
	if (cli_getopt(cmd, argc, argv) != -1)
		usage(cmd, "unexpected option");
	if (argc - optind != 1)
		usage(cmd, "expected one name");
	return cli_name(cmd, argv[optind]);
}

void cli_print_json(void *j)
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6));

	if (!text)
		die("out of memory");
	puts(text);
	free(text);
	json_decref(j);
}

/*
 * ctlab, ctlab -h, ctlab help, ctlab vm: the verbs (of a group), and
 * how to learn more.
 */
int cli_list_verbs(FILE *out, const char *group, int status)
{
	fprintf(out, "usage: ctlab %s%sVERB [OPTIONS] [ARGS...]\n\n",
		group ? group : "", group ? " " : "");
	cli_write_verbs(out, group);
	fprintf(out, "\nEach verb takes --help; 'ctlab help exit-codes' lists the exit codes.\n");
	if (!group)
		fprintf(out, "'ctlab --explain VERB ...' says what VERB would do, doing none of it\n"
			"('ctlab --explain --help').\n");
	return status;
}

static bool is_help(const char *s)
{
	return !strcmp(s, "--help") || !strcmp(s, "-h") || !strcmp(s, "help");
}

int main(int argc, char **argv)
{
	const struct cli_cmd *cmd;
	int used;

	if (argc < 2) {
		fprintf(stderr, "ctlab: expected a verb (usage error)\n");
		return cli_list_verbs(stderr, NULL, EXIT_CTLAB);
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_list_verbs(stdout, NULL, EXIT_SUCCESS);
	if (!strcmp(argv[1], "--version"))
		argv[1] = "version";
	if (!strcmp(argv[1], "--explain")) {
		if (argc > 2 && is_help(argv[2]))
			return cli_explain_usage(stdout, EXIT_SUCCESS);
		cmd = argc > 2 ? cli_find(argc - 2, argv + 2, &used) : NULL;
		if (cmd)
			return cli_explain(cmd, argc - used - 1,
					   argv + used + 1);
		fprintf(stderr, "ctlab --explain: expected a verb to explain (usage error)\n");
		return cli_explain_usage(stderr, EXIT_CTLAB);
	}
	cmd = cli_find(argc - 1, argv + 1, &used);
	if (cmd)
		return cmd->run(cmd, argc - used, argv + used);
	/* A group ("vm", "module") without a verb it knows. */
	if (!strcmp(argv[1], "vm") || !strcmp(argv[1], "module")) {
		if (argc > 2 && is_help(argv[2]))
			return cli_list_verbs(stdout, argv[1], EXIT_SUCCESS);
		if (argc > 2)
			fprintf(stderr, "ctlab %s: unknown verb '%s' (usage error)\n",
				argv[1], argv[2]);
		else
			fprintf(stderr, "ctlab %s: expected a verb (usage error)\n",
				argv[1]);
		return cli_list_verbs(stderr, argv[1], EXIT_CTLAB);
	}
	fprintf(stderr, "ctlab: unknown command '%s' (usage error)\n", argv[1]);
	return cli_list_verbs(stderr, NULL, EXIT_CTLAB);
}
