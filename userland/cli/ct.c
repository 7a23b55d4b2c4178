// SPDX-License-Identifier: GPL-2.0
/*
 * ct.c: the verbs that act on a container that exists: stop, kill, rm,
 * exec and limit (run.c starts them).  The work is libctlab's; these
 * parse arguments and turn its -errno into a message a student can act
 * on.
 */
#include <errno.h>
#include <fcntl.h>
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

void cli_die_ct(const char *name, int err)
{
	if (err == -ENOENT)
		die("%s: no such container (ctlab ps lists them), or no module", name);
	if (err == -ESRCH)
		die("%s: not running (ctlab ps)", name);
	if (err == -EPERM || err == -EACCES)
		die("%s: changing containers needs root", name);
	die_errno(err, "%s", name);
}

/* Verbs whose options come with their NAME: the NAME. */
static const char *name_operand(const struct cli_cmd *cmd, int argc,
				char **argv)
{
	if (argc - optind != 1)
		usage(cmd, "expected one container name");
	return cli_name(cmd, argv[optind]);
}

static const struct cli_opt stop_opts[] = {
	{ .name = "timeout", .key = 't', .arg = "SEC", .help = "how long its init has after SIGTERM (default 10)" },
	CLI_OPT_END,
};

static int stop(const struct cli_cmd *cmd, int argc, char **argv)
{
	unsigned int timeout_s = 10;
	const char *name;
	bool forced;
	int err;

	while (cli_getopt(cmd, argc, argv) != -1)
		timeout_s = cli_uint(cmd, "--timeout", optarg, 0, 3600);
	name = name_operand(cmd, argc, argv);
	err = ctlab_ct_stop(name, (int)timeout_s * 1000, &forced);
	if (err)
		cli_die_ct(name, err);
	if (forced)
		printf("%s: killed after %u s (its init ignored SIGTERM)\n", name,
		       timeout_s);
	return EXIT_SUCCESS;
}

static const struct cli_opt kill_opts[] = {
	{ .name = "signal", .key = 's', .arg = "SIG", .help = "the signal for its init (default KILL: every\nmember): a name (TERM, SIGHUP) or a number", .complete = COMPLETE_WORDS, .words = "KILL TERM INT HUP QUIT USR1 USR2 STOP CONT" },
	CLI_OPT_END,
};

/* "TERM", "SIGTERM", "15". */
static int parse_signal(const struct cli_cmd *cmd, const char *s)
{
	const char *name = strncmp(s, "SIG", 3) ? s : s + 3;
	int sig;

	if (*s >= '0' && *s <= '9')
		return (int)cli_uint(cmd, "--signal", s, 1, SIGRTMAX);
	for (sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && !strcasecmp(name, abbrev))
			return sig;
	}
	usage(cmd, "no signal named '%s' (TERM, HUP, KILL, 15...)", s);
}

static int kill_ct(const struct cli_cmd *cmd, int argc, char **argv)
{
	int sig = SIGKILL, err;
	const char *name;
	bool forced;

	while (cli_getopt(cmd, argc, argv) != -1)
		sig = parse_signal(cmd, optarg);
	name = name_operand(cmd, argc, argv);
	/* SIGKILL: a zero timeout, straight to SIGKILL for every member. */
	if (sig == SIGKILL)
		err = ctlab_ct_stop(name, 0, &forced);
	else
		err = ctlab_ct_kill(name, sig);
	if (err)
		cli_die_ct(name, err);
	return EXIT_SUCCESS;
}

static const struct cli_opt rm_opts[] = {
	{ .name = "force", .key = 'f', .arg = NULL, .help = "kill it first if it is running" },
	CLI_OPT_END,
};

static int rm(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_stats st;
	bool force = false, forced;
	const char *name;
	int fd, err;

	while (cli_getopt(cmd, argc, argv) != -1)
		force = true;
	name = name_operand(cmd, argc, argv);
	fd = cli_open_device();
	err = ctlab_stats(fd, 0, name, &st);
	close(fd);
	if (!err && st.state == CTLAB_STATE_RUNNING && !force)
		die("%s is running: ctlab stop %s first, or ctlab rm -f %s",
		    name, name, name);
	if (!err && st.state == CTLAB_STATE_RUNNING)
		ctlab_ct_stop(name, 0, &forced);
	err = ctlab_ct_remove(name);
	if (err)
		cli_die_ct(name, err);
	return EXIT_SUCCESS;
}

enum { OPT_ENV = 'e', OPT_WORKDIR = 'w', OPT_USER = 'u' };

static const struct cli_opt exec_opts[] = {
	{ .name = "interactive", .key = 'i', .arg = NULL, .help = "pass your terminal's input on (input that is not\na terminal always is)" },
	{ .name = "tty", .key = 't', .arg = NULL, .help = "a terminal of its own in the container, joined to yours" },
	{ .name = "env", .key = OPT_ENV, .arg = "NAME=VALUE", .help = "set an environment variable (again for more)" },
	{ .name = "workdir", .key = OPT_WORKDIR, .arg = "DIR", .help = "run it in DIR (default /)" },
	{ .name = "user", .key = OPT_USER, .arg = "UID[:GID]", .help = "run it as UID (and GID; default the same)" },
	CLI_OPT_END,
};

static void parse_user(const struct cli_cmd *cmd, const char *s,
		       struct ctlab_exec_config *cfg)
{
	char uid[16];
	const char *colon = strchr(s, ':');
	size_t len = colon ? (size_t)(colon - s) : strlen(s);

	if (!strcmp(s, "root"))
		s = "0";
	if (len >= sizeof(uid))
		usage(cmd, "--user takes UID or UID:GID, numbers, not '%s'", s);
	memcpy(uid, s, len);
	uid[len] = '\0';
	cfg->set_user = true;
	cfg->uid = cli_uint(cmd, "--user", uid, 0, 65535);
	cfg->gid = colon ? cli_uint(cmd, "--user's GID", colon + 1, 0, 65535) :
		   cfg->uid;
}

/* Why exec could not run its command, and podman's exit status for it. */
__attribute__((noreturn))
static void die_exec(const char *name, const struct ctlab_exec_config *cfg,
		     const struct ctlab_launched *ex, int err)
{
	if (ex->step == CTLAB_STEP_COMMAND && err == -ENOENT)
		die_status(EXIT_NOT_FOUND, "%s: %s: no such command in the container",
			   name, cfg->argv[0]);
	if (ex->step == CTLAB_STEP_COMMAND)
		die_status(EXIT_CANNOT_INVOKE, "%s: cannot run %s: %s", name,
			   cfg->argv[0], strerror(-err));
	if (ex->step == CTLAB_STEP_SETUP && cfg->workdir)
		die_errno(err, "%s: -w %s, or -u", name, cfg->workdir);
	if (ex->step == CTLAB_STEP_JOIN && err != -ENOENT && err != -ESRCH)
		die_errno(err, "%s: could not join its cgroup and namespaces", name);
	cli_die_ct(name, err);
}

/*
 * Without -t, the command gets a pipe in place of each of our standard
 * files that is a terminal (its input only with -i): a terminal handed
 * into a container lets it type into the caller's shell (TIOCSTI).
 * @ours gets our ends, -1 where there is none.
 */
static void pipes_for_terminals(struct ctlab_exec_config *cfg,
				bool interactive, int ours[3])
{
	int i, p[2];

	for (i = 0; i < 3; i++) {
		cfg->stdio[i] = ours[i] = -1;
		if (cfg->tty || !isatty(i))
			continue;
		if (i == 0 && !interactive) {
			cfg->stdio[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
			continue;
		}
		if (pipe2(p, O_CLOEXEC))
			die_errno(errno, "pipe");
		cfg->stdio[i] = i ? p[1] : p[0];
		ours[i] = i ? p[0] : p[1];
	}
}

static int exec_ct(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_exec_config cfg = { 0 };
	bool interactive = false;
	int ours[3], i;
	struct ctlab_launched ex;
	char *env[65];
	const char *name;
	int c, n = 0, status, err;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == 't')
			cfg.tty = true;
		else if (c == 'i')
			interactive = true;
		else if (c == OPT_WORKDIR)
			cfg.workdir = optarg;
		else if (c == OPT_USER)
			parse_user(cmd, optarg, &cfg);
		else if (c == OPT_ENV && (!strchr(optarg, '=') || *optarg == '='))
			usage(cmd, "-e takes NAME=VALUE, not '%s'", optarg);
		else if (c == OPT_ENV && n < 64)
			env[n++] = optarg;
	}
	env[n] = NULL;
	cfg.env = env;
	if (optind >= argc)
		usage(cmd, "expected a container name and a command");
	name = cli_name(cmd, argv[optind++]);
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc)
		usage(cmd, "expected a command to run in %s", name);
	if (cfg.tty && !isatty(STDIN_FILENO))
		usage(cmd, "-t needs a terminal as input: drop -t");
	cfg.argv = argv + optind;
	pipes_for_terminals(&cfg, interactive, ours);
	err = ctlab_ct_exec_start(name, &cfg, &ex);
	if (err)
		die_exec(name, &cfg, &ex, err);
	for (i = 0; i < 3; i++)
		if (cfg.stdio[i] >= 0)
			close(cfg.stdio[i]);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	if (ex.tty >= 0)
		cli_tty_relay(ex.tty);
	else if (ours[0] >= 0 || ours[1] >= 0 || ours[2] >= 0)
		cli_pipe_relay(ours[0], ours[1], ours[2]);
	if (waitpid(ex.pid, &status, 0) != ex.pid)
		die_errno(errno, "%s: waiting for %s", name, cfg.argv[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

enum { OPT_BARRIER = CLI_KEY(1), OPT_CPUS };

static const struct cli_opt limit_opts[] = {
	{ .name = "barrier", .key = OPT_BARRIER, .arg = "SIZE", .help = "above this the kernel reclaims and slows it" },
	{ .name = "cpus", .key = OPT_CPUS, .arg = "N", .help = "the CPU time it may use, as N CPUs (0.5, 2;\n0: no limit)" },
	CLI_OPT_END,
};

/* The memory limit is the module's to set, the CPU limit the cgroup's. */
static int limit(const struct cli_cmd *cmd, int argc, char **argv)
{
	uint64_t bytes = 0, barrier = 0;
	int64_t cpu_milli = -1;
	struct ctlab_stats st;
	const char *name;
	bool memory;
	int c, fd, err;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == OPT_BARRIER)
			barrier = cli_limit(cmd, "--barrier", optarg);
		else if (c == OPT_CPUS)
			cpu_milli = strcmp(optarg, "0") ? cli_cpus(cmd, optarg) : 0;
	}
	memory = argc - optind == 2;
	if (!memory && !(argc - optind == 1 && cpu_milli >= 0))
		usage(cmd, "expected a container name and a size (0: none), or --cpus");
	name = cli_name(cmd, argv[optind]);
	if (memory)
		bytes = cli_limit(cmd, "the limit", argv[optind + 1]);
	if (bytes && barrier > bytes)
		usage(cmd, "--barrier must not be above the limit");
	fd = cli_open_device();
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

const struct cli_cmd cli_cmd_stop = {
	.name = "stop", .operands = "NAME",
	.summary = "stop a container: SIGTERM, then SIGKILL",
	.help = "SIGTERM to its init, then SIGKILL to every member after --timeout\n"
		"(default 10 s).  The container stays, exited, until rm.\n",
	.explains = true,
	.opts = stop_opts, .operand = COMPLETE_CT, .run = stop,
};

const struct cli_cmd cli_cmd_kill = {
	.name = "kill", .operands = "NAME",
	.summary = "kill every process of a container, or signal its init",
	.help = "SIGKILL to every member at once; with -s, that signal to its init.\n",
	.explains = true,
	.opts = kill_opts, .operand = COMPLETE_CT, .run = kill_ct,
};

const struct cli_cmd cli_cmd_exec = {
	.name = "exec", .operands = "NAME [--] CMD...",
	.summary = "run a command in a running container",
	.help = "Run CMD in running container NAME: in its cgroup and namespaces, at\n"
		"its root.  Exits with CMD's status; 125 if ctlab could not join the\n"
		"container, 126 if CMD cannot be run, 127 if there is no such command.\n"
		"Without -t, a terminal of yours is never handed to it.\n",
	.explains = true,
	.opts = exec_opts, .operand = COMPLETE_CT, .options_first = true,
	.run = exec_ct,
};

const struct cli_cmd cli_cmd_limit = {
	.name = "limit", .operands = "NAME [SIZE]",
	.summary = "change a container's memory or CPU limit",
	.help = "Change NAME's memory limit (0: none; at least 4M) and barrier.  Below\n"
		"what it holds, the kernel reclaims its memory, then acts as\n"
		"--on-limit said.\n",
	.explains = true,
	.opts = limit_opts, .operand = COMPLETE_CT, .run = limit,
};

const struct cli_cmd cli_cmd_rm = {
	.name = "rm", .operands = "NAME",
	.summary = "remove a container",
	.help = "Remove the container: free its record, its cgroup and its run\n"
		"directory.  A running container is refused unless -f.\n",
	.explains = true,
	.opts = rm_opts, .operand = COMPLETE_CT, .run = rm,
};
