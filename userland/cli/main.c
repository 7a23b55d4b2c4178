// SPDX-License-Identifier: GPL-2.0
/*
 * main.c: the ctlab command: dispatch to a verb group, and the helpers
 * every verb uses to fail (die, usage).
 *
 * Like crun, each group of verbs lives in its own file (module.c for
 * the kernel module, ps.c for containers, vm.c for QEMU guests) and all
 * the real work is in libctlab.  A group's function gets its own name as
 * argv[0], as a program would.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ctlab.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} groups[] = {
	{ "module", cli_module, "the kernel module: load, unload, status" },
	{ "run", cli_run, "create a container and run a command in it" },
	{ "create", cli_run, "create a container, ready to start" },
	{ "start", cli_run, "start a created container" },
	{ "stop", cli_ct, "stop a container: SIGTERM, then SIGKILL" },
	{ "kill", cli_ct, "kill every process of a container" },
	{ "rm", cli_ct, "remove a container" },
	{ "exec", cli_ct, "run a command in a running container" },
	{ "limit", cli_ct, "change a container's memory limit" },
	{ "ps", cli_ps, "list the containers (also: ls)" },
	{ "ls", cli_ps, "list the containers" },
	{ "stats", cli_stats, "one container's accounting" },
	{ "version", cli_version, "ctlab's version, and the module's" },
	{ "top", cli_top, "containers and guests in one live table" },
	{ "vm", cli_vm, "QEMU guests: start, ls, stats, balloon, console, stop, kill, rm" },
};

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("ctlab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

void die_errno(int err, const char *fmt, ...)
{
	va_list ap;

	fputs("ctlab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err < 0 ? -err : err));
	exit(EXIT_FAILURE);
}

void usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ctlab %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: ctlab %s %s\n", cmd->name, cmd->synopsis);
	exit(EXIT_USAGE);
}

void help(const struct cli_cmd *cmd)
{
	printf("usage: ctlab %s %s\n\n%s", cmd->name, cmd->synopsis, cmd->help);
	exit(EXIT_SUCCESS);
}

uint64_t cli_size(const struct cli_cmd *cmd, const char *s)
{
	uint64_t bytes;

	if (ctlab_size_parse(s, &bytes))
		usage(cmd, "'%s' is not a size (examples: 64M, 1G, 1048576)", s);
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

const char *cli_name(const struct cli_cmd *cmd, const char *name)
{
	if (ctlab_name_valid(name))
		usage(cmd, "invalid name '%s': 1 to %d of A-Z a-z 0-9 _ . -, not starting with . or -",
		      name, CTLAB_NAME_LEN);
	return name;
}

int cli_dispatch(const char *group, const struct cli_cmd *cmds, size_t n,
		 int argc, char **argv)
{
	FILE *out = stderr;
	size_t i;

	if (argc >= 1) {
		for (i = 0; i < n; i++) {
			/* "vm start" matches argv[0] "start". */
			const char *verb = strrchr(cmds[i].name, ' ');

			if (!strcmp(verb ? verb + 1 : cmds[i].name, argv[0]))
				return cmds[i].run(&cmds[i], argc, argv);
		}
		if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "help"))
			out = stdout;
		else
			fprintf(stderr, "ctlab %s: unknown verb '%s'\n", group, argv[0]);
	}
	fprintf(out, "usage:\n");
	for (i = 0; i < n; i++)
		fprintf(out, "  ctlab %s %s\n", cmds[i].name, cmds[i].synopsis);
	fprintf(out, "Each verb takes --help.\n");
	return out == stdout ? EXIT_SUCCESS : EXIT_USAGE;
}

static int main_usage(FILE *out, int status)
{
	size_t i;

	fprintf(out, "usage: ctlab GROUP VERB [ARGS...]\n\n");
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		fprintf(out, "  %-8s %s\n", groups[i].name, groups[i].what);
	fprintf(out, "\n'ctlab GROUP --help' lists a group's verbs.\n");
	return status;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return main_usage(stderr, EXIT_USAGE);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return main_usage(stdout, EXIT_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		if (!strcmp(argv[1], groups[i].name))
			return groups[i].run(argc - 1, argv + 1);
	fprintf(stderr, "ctlab: unknown command '%s'\n", argv[1]);
	return main_usage(stderr, EXIT_USAGE);
}
