// SPDX-License-Identifier: GPL-2.0
/*
 * run.c: the verbs that start containers: create, start, and run (the
 * two at once).  The launcher is libctlab's (lib/launch.c); these parse
 * the options, wait for a foreground container and turn the library's
 * -errno into a message a student can act on.
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
	unsigned long base;
	char *end;

	if (!s)
		return DEFAULT_USERNS_BASE;
	errno = 0;
	base = strtoul(s, &end, 10);
	/* Not 0, which is "none", and the 65536 ids must fit. */
	if (*s < '0' || *s > '9' || *end || errno || !base ||
	    base > 0xffffffffUL - 65536)
		usage(cmd, "--userns takes the host uid root maps to, not '%s'", s);
	return (uid_t)base;
}

/* The options of run and create, then NAME [--] [CMD...]. */
static void parse_run(const struct cli_cmd *cmd, int argc, char **argv,
		      struct run_options *o)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "detach", no_argument, NULL, 'd' },
		{ "interactive", no_argument, NULL, 'i' },
		{ "tty", no_argument, NULL, 't' },
		{ "rm", no_argument, NULL, 'r' },
		{ "limit", required_argument, NULL, 'l' },
		{ "mem", required_argument, NULL, 'l' },
		{ "barrier", required_argument, NULL, 'b' },
		{ "on-limit", required_argument, NULL, 'o' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "template", required_argument, NULL, 'T' },
		{ "net", no_argument, NULL, 'n' },
		{ "userns", optional_argument, NULL, 'u' },
		{ "timing", no_argument, NULL, 'M' },
		JSON_OPTION,
		{ 0 },
	};
	static char *shell[] = { "/bin/sh", NULL };
	struct ctlab_run_config *cfg = &o->cfg;
	int c;

	cfg->template = default_template();
	optind = 0;
	while ((c = getopt_long(argc, argv, "+hdit", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help(cmd);
		case 'd':
			cfg->detach = true;
			break;
		case 'i':
			/* Stdin always reaches a foreground container. */
			break;
		case 't':
			cfg->tty = true;
			break;
		case 'r':
			o->remove = true;
			break;
		case 'l':
			cfg->limit = cli_size(cmd, optarg);
			break;
		case 'b':
			cfg->barrier = cli_size(cmd, optarg);
			break;
		case 'o':
			cfg->on_limit = parse_on_limit(cmd, optarg);
			break;
		case 'c':
			cfg->cpu_milli = cli_cpus(cmd, optarg);
			break;
		case 'T':
			cfg->template = optarg;
			break;
		case 'n':
			cfg->net = true;
			break;
		case 'u':
			cfg->userns_base = parse_userns(cmd, optarg);
			break;
		case 'M':
			o->timing = true;
			break;
		case 'j':
			o->json = true;
			break;
		default:
			usage(cmd, "unknown option");
		}
	}
	if (optind >= argc)
		usage(cmd, "expected a container name");
	if (cfg->detach && (o->remove || cfg->tty))
		usage(cmd, "--rm and -t need the foreground: drop --detach");
	if (cfg->tty && !isatty(STDIN_FILENO))
		usage(cmd, "-t needs a terminal as input: drop -t");
	if (cfg->limit && cfg->barrier > cfg->limit)
		usage(cmd, "--barrier must not be above --limit");
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

/* Says why a container could not start, with what to do about it. */
__attribute__((noreturn))
static void die_launch(const char *name, int err, const char *why)
{
	if (err == -EEXIST)
		die("%s: a container of that name exists (ctlab rm %s)", name, name);
	if (err == -ENOENT && strstr(why, "template"))
		die("%s: %s (build it with: make template)", name, why);
	if (err == -ENOENT && strstr(why, CTLAB_DEVICE))
		die("%s: the module is not loaded (ctlab module load)", name);
	if (err == -ENOENT && strstr(why, "running"))
		die("%s: %s: no such command in the container", name, why);
	if (err == -EPERM || err == -EACCES)
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
		die_launch(o.cfg.name, err, why);
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
	if (o.remove || o.cfg.tty)
		usage(cmd, "--rm and -t are for run: a created container is detached");
	o.cfg.detach = true;
	err = ctlab_ct_create(&o.cfg, &ct, why, sizeof(why));
	if (err)
		die_launch(o.cfg.name, err, why);
	printf("%s: created, id %u (ctlab start %s)\n", o.cfg.name, ct.id,
	       o.cfg.name);
	print_net(&o.cfg, ct.id);
	if (o.timing)
		cli_timing_print(o.cfg.name, &o.t, o.json);
	return EXIT_SUCCESS;
}

/* start's options: --timing [--json] NAME. */
static const char *parse_start(const struct cli_cmd *cmd, int argc,
			       char **argv, bool *timing, bool *json)
{
	static const struct option opts[] = {
		HELP_OPTION, JSON_OPTION,
		{ "timing", no_argument, NULL, 'M' }, { 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h')
			help(cmd);
		else if (c == 'M')
			*timing = true;
		else if (c == 'j')
			*json = true;
		else
			usage(cmd, "unknown option");
	}
	if (*json && !*timing)
		usage(cmd, "--json goes with --timing");
	if (argc - optind != 1)
		usage(cmd, "expected a container name");
	return cli_name(cmd, argv[optind]);
}

static int start(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_timing t;
	bool timing = false, json = false;
	const char *name = parse_start(cmd, argc, argv, &timing, &json);
	pid_t pid;
	int err;

	ctlab_timing_start(&t);
	err = ctlab_ct_start_timed(name, 5000, &pid, timing ? &t : NULL);
	if (err == -EALREADY)
		die("%s: started already (ctlab ps); to run it again: ctlab rm %s, ctlab run",
		    name, name);
	if (err == -ESRCH || err == -ETIMEDOUT)
		die("%s: it did not start: see /run/ctlab/ct/%s/output.log", name,
		    name);
	if (err)
		cli_die_ct(name, err);
	printf("%s: running, init PID %d\n", name, pid);
	if (timing)
		cli_timing_print(name, &t, json);
	return EXIT_SUCCESS;
}

#define RUN_OPTIONS \
	"  --limit, --mem SIZE  the most memory it may hold (64M, 1G...)\n" \
	"  --barrier SIZE     above this the kernel reclaims and slows it\n" \
	"  --on-limit A       oom: the OOM killer takes one member (default);\n" \
	"                     kill-all: every member is killed\n" \
	"  --cpus N           the CPU time it may use, as N CPUs (0.5, 2):\n" \
	"                     its cgroup's cpu.max\n" \
	"  --net              a veth pair: eth0 inside, ctlabID on the host,\n" \
	"                     10.77.0.0/16, a /30 each\n" \
	"  --userns[=UID]     a user namespace: root inside is UID outside\n" \
	"                     (default 100000), with 65536 ids\n" \
	"  --template DIR     the root's lower layer ($CTLAB_TEMPLATE, default\n" \
	"                     build/images/template)\n" \
	TIMING_OPTIONS

static const struct cli_cmd run_cmds[] = {
	{ "run", "[-d|-it] [--rm] [--mem SIZE] [--cpus N] [--net] [--userns[=UID]] [OPTIONS] NAME [--] [CMD...]",
	  "Create container NAME and run CMD (default /bin/sh) as its init, in\n"
	  "new PID, mount, UTS, IPC, network and cgroup namespaces, on an\n"
	  "overlay of the template.  Waits for it and exits with its status,\n"
	  "unless -d.\n\n"
	  "  -d, --detach       return once it runs; its output goes to\n"
	  "                     /run/ctlab/ct/NAME/output.log\n"
	  "  -t, --tty          a terminal of its own, joined to yours\n"
	  "  -i                 accepted, as docker's: input always reaches it\n"
	  "  --rm               remove it when it exits\n"
	  RUN_OPTIONS,
	  run },
	{ "create", "[--mem SIZE] [--cpus N] [--net] [--userns[=UID]] [OPTIONS] NAME [--] [CMD...]",
	  "Create container NAME ready to run CMD, and stop just before: its\n"
	  "namespaces, root and command are set, `ctlab ps` shows it created,\n"
	  "`ctlab start NAME` lets it go.  It runs detached, its output in\n"
	  "/run/ctlab/ct/NAME/output.log.\n\n"
	  RUN_OPTIONS,
	  create },
	{ "start", "[--timing [--json]] NAME",
	  "Start created container NAME: its command becomes its init.\n\n"
	  TIMING_OPTIONS,
	  start },
};

int cli_run(int argc, char **argv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(run_cmds); i++)
		if (!strcmp(argv[0], run_cmds[i].name))
			return run_cmds[i].run(&run_cmds[i], argc, argv);
	return EXIT_USAGE;
}
