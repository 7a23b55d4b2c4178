// SPDX-License-Identifier: GPL-2.0
/*
 * run.c: the verbs that start containers: create, start, and run (the
 * two at once).  The launcher is libctlab's (lib/launch.c); these parse
 * the options, wait for a foreground container and turn the step that
 * failed and its -errno into a message a student can act on, and into
 * podman's exit codes: 127 no such command, 126 it cannot be run, 125
 * anything else of ctlab's, otherwise the command's own status.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "cli.h"
#include "ctlab.h"

/* --userns without a value: the first range /etc/subuid usually gives. */
#define DEFAULT_USERNS_BASE 100000

enum {
	OPT_RM = CLI_KEY(1), OPT_MEM, OPT_BARRIER, OPT_ON_LIMIT, OPT_CPUS,
	OPT_NET, OPT_USERNS, OPT_TEMPLATE,
};

/* What run and create share; run's own come first in its table. */
#define CONFIG_OPTS \
	{ .name = "mem", .key = OPT_MEM, .arg = "SIZE", .help = "the most memory it may hold (64M, 1G; at least 4M)" }, \
	{ .name = "limit", .key = OPT_MEM, .arg = "SIZE", .help = NULL }, \
	{ .name = "barrier", .key = OPT_BARRIER, .arg = "SIZE", .help = "above this the kernel reclaims and slows it" }, \
	{ .name = "on-limit", .key = OPT_ON_LIMIT, .arg = "ACTION", .help = "oom: the OOM killer takes one member (default);\nkill-all: every member is killed", .complete = COMPLETE_WORDS, .words = "oom kill-all" }, \
	{ .name = "cpus", .key = OPT_CPUS, .arg = "N", .help = "the CPU time it may use, as N CPUs (0.5, 2):\nits cgroup's cpu.max" }, \
	{ .name = "net", .key = OPT_NET, .arg = NULL, .help = "a veth pair: eth0 inside, ctlabID on the host,\n10.77.0.0/16, a /30 each" }, \
	{ .name = "userns", .key = OPT_USERNS, .arg = "UID", .help = "a user namespace: root inside is UID outside\n(default 100000), with 65536 ids", .optional_arg = true }, \
	{ .name = "template", .key = OPT_TEMPLATE, .arg = "DIR", .help = "the root's lower layer ($CTLAB_TEMPLATE, default\nbuild/images/template)", .complete = COMPLETE_DIR }

static const struct cli_opt run_opts[] = {
	{ .name = "detach", .key = 'd', .arg = NULL, .help = "return once it runs; its output goes to\n/run/ctlab/ct/NAME/output.log (ctlab logs NAME)" },
	{ .name = "interactive", .key = 'i', .arg = NULL, .help = "accepted, as docker's: input always reaches it" },
	{ .name = "tty", .key = 't', .arg = NULL, .help = "a terminal of its own, joined to yours" },
	{ .name = "rm", .key = OPT_RM, .arg = NULL, .help = "remove it when it exits" },
	CONFIG_OPTS,
	CLI_TIMING_OPTS
	CLI_OPT_END,
};

static const struct cli_opt create_opts[] = {
	CONFIG_OPTS,
	CLI_TIMING_OPTS
	CLI_OPT_END,
};

static const struct cli_opt start_opts[] = {
	CLI_TIMING_OPTS
	CLI_OPT_END,
};

/* What `run` and `create` were asked for, beyond the config. */
struct run_options {
	struct ctlab_run_config cfg;
	bool remove;
	bool timing, json;	/* --timing [--json] */
	struct ctlab_timing t;
};

/* The default template: $CTLAB_TEMPLATE, or this checkout's. */
static const char *default_template(void)
{
	const char *t = getenv("CTLAB_TEMPLATE");

	return t && *t ? t : CTLAB_DEFAULT_IMAGE_DIR "/template";
}

static uint32_t parse_on_limit(const struct cli_cmd *cmd, const char *s)
{
	if (!strcmp(s, "oom"))
		return CTLAB_ON_LIMIT_OOM;
	if (!strcmp(s, "kill-all"))
		return CTLAB_ON_LIMIT_KILL_ALL;
	usage(cmd, "--on-limit takes oom or kill-all, not '%s'", s);
}

static uid_t parse_userns(const struct cli_cmd *cmd, const char *s)
{
	/* Not 0, which is "none", and the 65536 ids must fit. */
	return s ? cli_uint(cmd, "--userns", s, 1, 0xffffffffU - 65536) :
		   DEFAULT_USERNS_BASE;
}

/* The options of run and create, then NAME [--] [CMD...]. */
static void parse_run(const struct cli_cmd *cmd, int argc, char **argv,
		      struct run_options *o)
{
	static char *shell[] = { "/bin/sh", NULL };
	struct ctlab_run_config *cfg = &o->cfg;
	int c;

	cfg->template = default_template();
	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		switch (c) {
		case 'd':
			cfg->detach = true;
			break;
		case 'i':
			/* Stdin always reaches a foreground container. */
			break;
		case 't':
			cfg->tty = true;
			break;
		case OPT_RM:
			o->remove = true;
			break;
		case OPT_MEM:
			cfg->limit = cli_limit(cmd, "--mem", optarg);
			break;
		case OPT_BARRIER:
			cfg->barrier = cli_limit(cmd, "--barrier", optarg);
			break;
		case OPT_ON_LIMIT:
			cfg->on_limit = parse_on_limit(cmd, optarg);
			break;
		case OPT_CPUS:
			cfg->cpu_milli = cli_cpus(cmd, optarg);
			break;
		case OPT_TEMPLATE:
			cfg->template = optarg;
			break;
		case OPT_NET:
			cfg->net = true;
			break;
		case OPT_USERNS:
			cfg->userns_base = parse_userns(cmd, optarg);
			break;
		case OPT_TIMING:
			o->timing = true;
			break;
		case OPT_TIMING_JSON:
			o->json = true;
			break;
		}
	}
	if (optind >= argc)
		usage(cmd, "expected a container name");
	if (cfg->detach && (o->remove || cfg->tty))
		usage(cmd, "--rm and -t need the foreground: drop --detach");
	if (cfg->tty && !isatty(STDIN_FILENO))
		usage(cmd, "-t needs a terminal as input: drop -t");
	if (cfg->limit && cfg->barrier > cfg->limit)
		usage(cmd, "--barrier must not be above --mem");
	if (o->json && !o->timing)
		usage(cmd, "--json goes with --timing");
	if (o->timing) {
		ctlab_timing_start(&o->t);
		cfg->timing = &o->t;
	}
	cfg->name = cli_name(cmd, argv[optind++]);
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	cfg->argv = optind < argc ? argv + optind : shell;
}

/* Says why a container could not start, and exits as podman would. */
__attribute__((noreturn))
static void die_launch(const char *name, const struct ctlab_launched *ct,
		       int err, const char *why)
{
	switch (ct->step) {
	case CTLAB_STEP_COMMAND:
		if (err == -ENOENT)
			die_status(EXIT_NOT_FOUND, "%s: %s: no such command in the container",
				   name, why);
		die_status(EXIT_CANNOT_INVOKE, "%s: %s: %s (not an executable file?)",
			   name, why, strerror(-err));
	case CTLAB_STEP_TEMPLATE:
		die("%s: %s (build it with: make template)", name, why);
	case CTLAB_STEP_DEVICE:
		cli_open_device();	/* says what is wrong with it */
		break;
	case CTLAB_STEP_CREATE:
		if (err == -EEXIST)
			die("%s: a container of that name exists (ctlab rm %s)",
			    name, name);
		break;
	default:
		break;
	}
	if (err == -EPERM)
		die("%s: %s: starting containers needs root", name, why);
	die_errno(err, "%s: %s", name, why);
}

static void print_net(const struct ctlab_run_config *cfg, uint32_t id)
{
	struct ctlab_ct_net net;
	char host[INET_ADDRSTRLEN], ct[INET_ADDRSTRLEN];

	if (!cfg->net || ctlab_ct_net(id, &net))
		return;
	inet_ntop(AF_INET, &net.host, host, sizeof(host));
	inet_ntop(AF_INET, &net.container, ct, sizeof(ct));
	printf("%s: eth0 %s, host's end %s %s\n", cfg->name, ct,
	       net.host_if, host);
}

/* Waits for a foreground container's init; returns its status, shell-style. */
static int wait_foreground(struct run_options *o,
			   const struct ctlab_launched *ct)
{
	int status;

	/*
	 * Ctrl-C at a shared terminal is for the container, not for us:
	 * ignore it as system() does, or --rm would be skipped.
	 */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	if (ct->tty >= 0)
		cli_tty_relay(ct->tty);
	/* --explain: nothing runs, nothing to wait for or to remove. */
	if (!ctlab_act("syscall", "waitpid(init): until the command exits; ctlab exits with its status%s",
		       o->remove ? "; then --rm removes it (ctlab --explain rm NAME lists how)" : ""))
		return EXIT_SUCCESS;
	if (waitpid(ct->pid, &status, 0) != ct->pid)
		die_errno(errno, "%s: waiting for its init", o->cfg.name);
	ctlab_timing_mark(o->cfg.timing, "command exited, its parent told");
	if (o->remove) {
		ctlab_ct_remove(o->cfg.name);
		ctlab_timing_mark(o->cfg.timing, "removed (--rm)");
	}
	if (o->timing)
		cli_timing_print(o->cfg.name, &o->t, o->json);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int run(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct run_options o = { 0 };
	struct ctlab_launched ct;
	char why[160];
	int err;

	parse_run(cmd, argc, argv, &o);
	err = ctlab_ct_run(&o.cfg, &ct, why, sizeof(why));
	if (err)
		die_launch(o.cfg.name, &ct, err, why);
	if (!o.cfg.detach) {
		if (o.cfg.net && !o.cfg.tty)
			print_net(&o.cfg, ct.id);
		return wait_foreground(&o, &ct);
	}
	printf("%s: running, id %u, init PID %d\n", o.cfg.name, ct.id, ct.pid);
	print_net(&o.cfg, ct.id);
	if (o.timing)
		cli_timing_print(o.cfg.name, &o.t, o.json);
	return EXIT_SUCCESS;
}

static int create(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct run_options o = { 0 };
	struct ctlab_launched ct;
	char why[160];
	int err;

	parse_run(cmd, argc, argv, &o);
	o.cfg.detach = true;
	err = ctlab_ct_create(&o.cfg, &ct, why, sizeof(why));
	if (err)
		die_launch(o.cfg.name, &ct, err, why);
	printf("%s: created, id %u (ctlab start %s)\n", o.cfg.name, ct.id,
	       o.cfg.name);
	print_net(&o.cfg, ct.id);
	if (o.timing)
		cli_timing_print(o.cfg.name, &o.t, o.json);
	return EXIT_SUCCESS;
}

static int start(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_timing t;
	bool timing = false, json = false;
	struct ctlab_stats st;
	const char *name;
	pid_t pid;
	int err, fd, c;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == OPT_TIMING)
			timing = true;
		else if (c == OPT_TIMING_JSON)
			json = true;
	}
	if (json && !timing)
		usage(cmd, "--json goes with --timing");
	if (argc - optind != 1)
		usage(cmd, "expected one container name");
	name = cli_name(cmd, argv[optind]);
	ctlab_timing_start(&t);
	err = ctlab_ct_start_timed(name, 5000, &pid, timing ? &t : NULL);
	if (err == -EALREADY)
		die("%s: started already (ctlab ps); to run it again: ctlab rm %s, ctlab run",
		    name, name);
	if (err == -ESRCH || err == -ETIMEDOUT)
		die("%s: it did not start: see its output (ctlab logs %s)", name,
		    name);
	if (err)
		cli_die_ct(name, err);
	/* A short command may be done before we look: no "init PID 0". */
	fd = cli_open_device();
	if (!ctlab_stats(fd, 0, name, &st) && st.state == CTLAB_STATE_EXITED)
		printf("%s: started, and exited already: exit code %d (ctlab logs %s)\n",
		       name, ctlab_ct_exit_code(&st), name);
	else
		printf("%s: running, init PID %d\n", name, pid);
	close(fd);
	if (timing)
		cli_timing_print(name, &t, json);
	return EXIT_SUCCESS;
}

const struct cli_cmd cli_cmd_run = {
	.name = "run", .operands = "NAME [--] [CMD...]",
	.summary = "create a container and run a command in it",
	.help =
	"Create container NAME and run CMD (default /bin/sh) as its init, in\n"
	"new PID, mount, UTS, IPC, network and cgroup namespaces, on an\n"
	"overlay of the template.  Waits for it and exits with its status,\n"
	"unless -d; 125 if ctlab failed, 126 if CMD cannot be run, 127 if\n"
	"there is no such command.\n",
	.explains = true,
	.opts = run_opts, .options_first = true, .run = run,
};

const struct cli_cmd cli_cmd_create = {
	.name = "create", .operands = "NAME [--] [CMD...]",
	.summary = "create a container, ready to start",
	.help =
	"Create container NAME ready to run CMD, and stop just before: its\n"
	"namespaces, root and command are set, `ctlab ps` shows it created,\n"
	"`ctlab start NAME` lets it go.  It runs detached, its output in\n"
	"/run/ctlab/ct/NAME/output.log (ctlab logs NAME).\n",
	.explains = true,
	.opts = create_opts, .options_first = true, .run = create,
};

const struct cli_cmd cli_cmd_start = {
	.name = "start", .operands = "NAME",
	.summary = "start a created container",
	.help = "Start created container NAME: its command becomes its init.\n",
	.explains = true,
	.opts = start_opts, .operand = COMPLETE_CT, .run = start,
};
