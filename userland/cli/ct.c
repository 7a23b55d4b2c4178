// SPDX-License-Identifier: GPL-2.0
/*
 * ct.c: the verbs that start and end containers: run, stop, kill, rm.
 * The launcher is libctlab's (lib/launch.c); these parse arguments and
 * turn its -errno into a message a student can act on.
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

static uint64_t parse_size(const struct cli_cmd *cmd, const char *s)
{
	uint64_t bytes;

	if (ctlab_size_parse(s, &bytes))
		usage(cmd, "'%s' is not a size (examples: 64M, 1G, 1048576)", s);
	return bytes;
}

static const char *checked_name(const struct cli_cmd *cmd, const char *name)
{
	if (ctlab_name_valid(name))
		usage(cmd, "invalid name '%s': 1 to %d of A-Z a-z 0-9 _ . -, not starting with . or -",
		      name, CTLAB_NAME_LEN);
	return name;
}

/* The default template: $CTLAB_TEMPLATE, or this checkout's. */
static const char *default_template(void)
{
	const char *t = getenv("CTLAB_TEMPLATE");

	return t && *t ? t : CTLAB_DEFAULT_IMAGE_DIR "/template";
}

/* Says why a container could not start, with what to do about it. */
__attribute__((noreturn))
static void die_run(const char *name, int err, const char *why)
{
	if (err == -EEXIST)
		die("%s: a container of that name exists (ctlab rm %s)", name, name);
	if (err == -ENOENT && strstr(why, "template"))
		die("%s: %s (build it with: make template)", name, why);
	if (err == -ENOENT && strstr(why, CTLAB_DEVICE))
		die("%s: the module is not loaded (ctlab module load)", name);
	if (err == -EPERM || err == -EACCES)
		die("%s: %s: starting containers needs root", name, why);
	die_errno(err, "%s: %s", name, why);
}

static int run(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "detach", no_argument, NULL, 'd' },
		{ "rm", no_argument, NULL, 'r' },
		{ "limit", required_argument, NULL, 'l' },
		{ "mem", required_argument, NULL, 'l' },
		{ "interactive", no_argument, NULL, 'i' },
		{ "tty", no_argument, NULL, 't' },
		{ "barrier", required_argument, NULL, 'b' },
		{ "on-limit", required_argument, NULL, 'o' },
		{ "template", required_argument, NULL, 'T' },
		{ 0 },
	};
	static char *shell[] = { "/bin/sh", NULL };
	struct ctlab_run_config cfg = { .template = default_template() };
	int c, detach = 0, remove = 0, status, err;
	char why[160];
	uint32_t id;
	pid_t pid;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+hdit", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help(cmd);
		case 'd':
			detach = 1;
			break;
		case 'r':
			remove = 1;
			break;
		case 'l':
			cfg.limit = parse_size(cmd, optarg);
			break;
		case 'b':
			cfg.barrier = parse_size(cmd, optarg);
			break;
		case 'T':
			cfg.template = optarg;
			break;
		case 'i':
		case 't':
			/* The foreground already has the caller's terminal. */
			break;
		case 'o':
			if (!strcmp(optarg, "oom"))
				cfg.on_limit = CTLAB_ON_LIMIT_OOM;
			else if (!strcmp(optarg, "kill-all"))
				cfg.on_limit = CTLAB_ON_LIMIT_KILL_ALL;
			else
				usage(cmd, "--on-limit takes oom or kill-all");
			break;
		default:
			usage(cmd, "unknown option");
		}
	}
	if (optind >= argc)
		usage(cmd, "expected a container name");
	if (detach && remove)
		usage(cmd, "--rm needs the foreground: drop --detach");
	cfg.detach = detach;
	if (cfg.limit && cfg.barrier > cfg.limit)
		usage(cmd, "--barrier must not be above --limit");
	cfg.name = checked_name(cmd, argv[optind++]);
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	cfg.argv = optind < argc ? argv + optind : shell;

	err = ctlab_ct_run(&cfg, &pid, &id, why, sizeof(why));
	if (err)
		die_run(cfg.name, err, why);
	if (detach) {
		printf("%s: running, id %u, init PID %d\n", cfg.name, id, pid);
		return EXIT_SUCCESS;
	}
	if (waitpid(pid, &status, 0) != pid)
		die_errno(errno, "%s: waiting for its init", cfg.name);
	if (remove)
		ctlab_ct_remove(cfg.name);
	/* The command's status, as a shell reports it. */
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

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
	return checked_name(cmd, argv[optind]);
}

__attribute__((noreturn))
static void die_ct(const char *name, int err)
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
		die_ct(name, err);
	if (forced)
		printf("%s: killed after %d s (its init ignored SIGTERM)\n", name,
		       timeout_s);
	return EXIT_SUCCESS;
}

static int kill_ct(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = name_operand(cmd, argc, argv, NULL);
	bool forced;
	int err;

	/* A zero timeout: straight to SIGKILL for every member. */
	err = ctlab_ct_stop(name, 0, &forced);
	if (err)
		die_ct(name, err);
	return EXIT_SUCCESS;
}

static int rm(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = name_operand(cmd, argc, argv, NULL);
	int err = ctlab_ct_remove(name);

	if (err)
		die_ct(name, err);
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
	name = checked_name(cmd, argv[optind++]);
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc)
		usage(cmd, "expected a command to run in %s", name);
	err = ctlab_ct_exec(name, argv + optind, &status);
	if (err == -ESRCH)
		die("%s: not running (ctlab ps)", name);
	if (err)
		die_ct(name, err);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 125)
		die("%s: could not join its cgroup and namespaces", name);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int limit(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION, { "barrier", required_argument, NULL, 'b' }, { 0 },
	};
	uint64_t bytes, barrier = 0;
	struct ctlab_stats st;
	const char *name;
	int c, fd, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			help(cmd);
		else if (c == 'b')
			barrier = parse_size(cmd, optarg);
		else
			usage(cmd, "unknown option");
	}
	if (argc - optind != 2)
		usage(cmd, "expected a container name and a size (0: none)");
	name = checked_name(cmd, argv[optind]);
	bytes = parse_size(cmd, argv[optind + 1]);
	if (bytes && barrier > bytes)
		usage(cmd, "--barrier must not be above the limit");
	err = ctlab_open(&fd);
	if (!err)
		err = ctlab_stats(fd, 0, name, &st);
	if (!err)
		err = ctlab_set_limit(fd, st.id, bytes, barrier);
	if (err == -EINVAL)
		die("%s: has no cgroup to limit, or the barrier is above the limit",
		    name);
	if (err)
		die_ct(name, err);
	close(fd);
	return EXIT_SUCCESS;
}

static const struct cli_cmd ct_cmds[] = {
	{ "run", "[-d|-it] [--rm] [--limit|--mem SIZE] [--barrier SIZE] [--on-limit oom|kill-all] [--template DIR] NAME [--] [CMD...]",
	  "Create container NAME and run CMD (default /bin/sh) as its init, in\n"
	  "new PID, mount, UTS, IPC, network and cgroup namespaces, on an\n"
	  "overlay of the template.  Waits for it and exits with its status,\n"
	  "unless -d.\n\n"
	  "  -d, --detach       return once it runs; its output goes to\n"
	  "                     /run/ctlab/ct/NAME/output.log\n"
	  "  -i, -t             the foreground's default: the command has the\n"
	  "                     caller's terminal (so `run -it NAME sh` works)\n"
	  "  --rm               remove it when it exits\n"
	  "  --limit, --mem SIZE  the most memory it may hold (64M, 1G...)\n"
	  "  --barrier SIZE     above this the kernel reclaims and slows it\n"
	  "  --on-limit A       oom: the OOM killer takes one member (default);\n"
	  "                     kill-all: every member is killed\n"
	  "  --template DIR     the root's lower layer ($CTLAB_TEMPLATE, default\n"
	  "                     build/images/template)\n",
	  run },
	{ "stop", "NAME [--timeout SEC]",
	  "SIGTERM to its init, then SIGKILL to every member after --timeout\n"
	  "(default 10 s).  The container stays, exited, until rm.\n",
	  stop },
	{ "kill", "NAME", "SIGKILL to every member at once.\n", kill_ct },
	{ "exec", "NAME [--] CMD...",
	  "Run CMD in running container NAME: in its cgroup and namespaces, at\n"
	  "its root.  Exits with CMD's status.\n",
	  exec_ct },
	{ "limit", "NAME SIZE [--barrier SIZE]",
	  "Change NAME's memory limit (0: none) and barrier.  Below what it\n"
	  "holds, the kernel reclaims its memory, then acts as --on-limit said.\n",
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
