// SPDX-License-Identifier: GPL-2.0
/*
 * ct.c: the verbs that act on a container that exists: stop, kill, rm,
 * exec and limit (run.c starts them).  The work is libctlab's; these
 * parse arguments and turn its -errno into a message a student can act
 * on.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"

/* Verbs that take only NAME (and --help, and stop's --timeout). */
static const char *name_operand(const struct cli_cmd *cmd, int argc,
				char **argv, int *timeout_s)
{
	static const struct option opts[] = {
		HELP_OPTION, { "timeout", required_argument, NULL, 't' }, { 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			help(cmd);
		else if (c == 't' && timeout_s && atoi(optarg) >= 0)
			*timeout_s = atoi(optarg);
		else
			usage(cmd, "unknown option");
	}
	if (argc - optind != 1)
		usage(cmd, "expected one container name");
	return cli_name(cmd, argv[optind]);
}

const char *cli_name_operand(const struct cli_cmd *cmd, int argc, char **argv)
{
	return name_operand(cmd, argc, argv, NULL);
}

void cli_die_ct(const char *name, int err)
{
	if (err == -ENOENT)
		die("%s: no such container (ctlab ps lists them), or no module", name);
	if (err == -EPERM || err == -EACCES)
		die("%s: changing containers needs root", name);
	die_errno(err, "%s", name);
}

static int stop(const struct cli_cmd *cmd, int argc, char **argv)
{
	int timeout_s = 10, err;
	const char *name = name_operand(cmd, argc, argv, &timeout_s);
	bool forced;

	err = ctlab_ct_stop(name, timeout_s * 1000, &forced);
	if (err)
		cli_die_ct(name, err);
	if (forced)
		printf("%s: killed after %d s (its init ignored SIGTERM)\n", name,
		       timeout_s);
	return EXIT_SUCCESS;
}

static int kill_ct(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = cli_name_operand(cmd, argc, argv);
	bool forced;
	int err;

	/* A zero timeout: straight to SIGKILL for every member. */
	err = ctlab_ct_stop(name, 0, &forced);
	if (err)
		cli_die_ct(name, err);
	return EXIT_SUCCESS;
}

static int rm(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = cli_name_operand(cmd, argc, argv);
	int err = ctlab_ct_remove(name);

	if (err)
		cli_die_ct(name, err);
	return EXIT_SUCCESS;
}

static int exec_ct(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = { HELP_OPTION, { 0 } };
	const char *name;
	int c, status, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1)
		if (c == 'h')
			help(cmd);
		else
			usage(cmd, "unknown option");
	if (optind >= argc)
		usage(cmd, "expected a container name and a command");
	name = cli_name(cmd, argv[optind++]);
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc)
		usage(cmd, "expected a command to run in %s", name);
	err = ctlab_ct_exec(name, argv + optind, &status);
	if (err == -ESRCH)
		die("%s: not running (ctlab ps)", name);
	if (err)
		cli_die_ct(name, err);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 125)
		die("%s: could not join its cgroup and namespaces", name);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The memory limit is the module's to set, the CPU limit the cgroup's. */
static int limit(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION, { "barrier", required_argument, NULL, 'b' },
		{ "cpus", required_argument, NULL, 'c' }, { 0 },
	};
	uint64_t bytes = 0, barrier = 0;
	int64_t cpu_milli = -1;
	struct ctlab_stats st;
	const char *name;
	bool memory;
	int c, fd, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			help(cmd);
		else if (c == 'b')
			barrier = cli_size(cmd, optarg);
		else if (c == 'c')
			cpu_milli = strcmp(optarg, "0") ? cli_cpus(cmd, optarg) : 0;
		else
			usage(cmd, "unknown option");
	}
	memory = argc - optind == 2;
	if (!memory && !(argc - optind == 1 && cpu_milli >= 0))
		usage(cmd, "expected a container name and a size (0: none), or --cpus");
	name = cli_name(cmd, argv[optind]);
	if (memory)
		bytes = cli_size(cmd, argv[optind + 1]);
	if (bytes && barrier > bytes)
		usage(cmd, "--barrier must not be above the limit");
	err = ctlab_open(&fd);
	if (!err)
		err = ctlab_stats(fd, 0, name, &st);
	if (!err && memory)
		err = ctlab_set_limit(fd, st.id, bytes, barrier);
	if (err == -EINVAL)
		die("%s: has no cgroup to limit, or the barrier is above the limit",
		    name);
	if (err)
		cli_die_ct(name, err);
	close(fd);
	err = cpu_milli >= 0 ? ctlab_cgroup_set_cpus(name, cpu_milli) : 0;
	if (err)
		die_errno(err, "%s: setting its CPU limit (cpu.max)", name);
	return EXIT_SUCCESS;
}

static const struct cli_cmd ct_cmds[] = {
	{ "stop", "NAME [--timeout SEC]",
	  "SIGTERM to its init, then SIGKILL to every member after --timeout\n"
	  "(default 10 s).  The container stays, exited, until rm.\n",
	  stop },
	{ "kill", "NAME", "SIGKILL to every member at once.\n", kill_ct },
	{ "exec", "NAME [--] CMD...",
	  "Run CMD in running container NAME: in its cgroup and namespaces, at\n"
	  "its root.  Exits with CMD's status.\n",
	  exec_ct },
	{ "limit", "NAME [SIZE [--barrier SIZE]] [--cpus N]",
	  "Change NAME's memory limit (0: none) and barrier.  Below what it\n"
	  "holds, the kernel reclaims its memory, then acts as --on-limit said.\n"
	  "--cpus N: the CPU time it may use, as N CPUs (0.5, 2; 0: no limit).\n",
	  limit },
	{ "rm", "NAME",
	  "Remove the container: kill what is left, free its record, its\n"
	  "cgroup and its run directory.\n",
	  rm },
};

int cli_ct(int argc, char **argv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ct_cmds); i++)
		if (!strcmp(argv[0], ct_cmds[i].name))
			return ct_cmds[i].run(&ct_cmds[i], argc, argv);
	return EXIT_USAGE;
}
