// SPDX-License-Identifier: GPL-2.0
/*
 * explain.c: ctlab --explain VERB ...: what VERB would do, without doing
 * it.  The verb runs as usual, through libctlab's very code, with
 * ctlab_explain() set: each action that would change the system (a
 * system call, an ioctl of /dev/ctlab with its fields, a cgroup write,
 * a netlink message, a QMP command) is printed instead, in order, and
 * the code goes on as if it had succeeded (lib/act.c says how).  So the
 * explanation cannot drift from what the verb does.
 *
 * A line is "WHO  KIND  WHAT": WHO is ctlab itself, ctlab.ko (the
 * module's own writes at CREATE and SET_LIMIT), the container's first
 * task (a plain child stands in for it and says its part), or exec's
 * helper.  The verb's own messages ("c1: running") are not printed:
 * nothing ran.  Its errors are, as the real verb would fail the same.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"

/* Where the lines go: stdout as it was, stdout itself is silenced. */
static int out_fd = -1;
static const struct cli_cmd *explained;

/* One line, with write(2): a forked helper says its part the same. */
static void say(void *arg, const struct ctlab_act *a)
{
	char line[1200];
	int n;

	(void)arg;
	/* A header before the first action: a usage error gets none. */
	if (explained) {
		dprintf(out_fd, "# what 'ctlab %s' would do, in order; nothing was done\n",
			explained->name);
		explained = NULL;
	}
	n = snprintf(line, sizeof(line), "%-8s %-7s %s\n", a->actor, a->kind,
		     a->text);
	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	if (write(out_fd, line, (size_t)n) != n)
		return;	/* a closed pipe: nothing else to do with it */
}

const char *cli_explained_verbs(void)
{
	static char verbs[256];
	size_t i, n = 0;

	if (verbs[0])
		return verbs;
	for (i = 0; i < cli_nr_commands; i++)
		if (cli_commands[i]->explains)
			n += (size_t)snprintf(verbs + n, sizeof(verbs) - n,
					      "%s%s", n ? ", " : "",
					      cli_commands[i]->name);
	return verbs;
}

/* What --explain does, for `ctlab --explain --help` and ctlab(1). */
const char cli_explain_text[] =
	"Print, in order, the system calls, the ioctls of /dev/ctlab (the uapi\n"
	"command and its fields), the cgroup writes (file and value), the\n"
	"netlink messages and the QMP commands VERB would make, and do none of\n"
	"them: VERB runs through its own code, each changing action described\n"
	"instead of done.  Reads still happen.";

int cli_explain_usage(FILE *out, int status)
{
	fprintf(out, "usage: ctlab --explain VERB [OPTIONS] [ARGS...]\n\n%s\n"
		"VERB is one of: %s.\n", cli_explain_text, cli_explained_verbs());
	return status;
}

/*
 * VERB --help, as VERB's own parser finds it (not `exec c1 ls -h`, whose
 * -h is ls's): the help goes to stdout as it was.
 */
void cli_explain_help(void)
{
	if (out_fd < 0)
		return;
	fflush(stdout);
	if (dup2(out_fd, STDOUT_FILENO) < 0)
		die_errno(errno, "--explain: restoring its output");
}

int cli_explain(const struct cli_cmd *cmd, int argc, char **argv)
{
	if (!cmd->explains) {
		fprintf(stderr, "ctlab --explain: '%s' changes nothing to explain (usage error)\n",
			cmd->name);
		return cli_explain_usage(stderr, EXIT_CTLAB);
	}
	fflush(stdout);
	out_fd = dup(STDOUT_FILENO);
	if (out_fd < 0 || !freopen("/dev/null", "w", stdout))
		die_errno(errno, "--explain: setting up its output");
	explained = cmd;
	ctlab_explain(say, NULL);
	return cmd->run(cmd, argc, argv);
}
