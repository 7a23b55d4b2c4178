// SPDX-License-Identifier: GPL-2.0
/*
 * act.c: do it, or say it.  Every action of libctlab's that changes the
 * system (a system call, an ioctl of /dev/ctlab, a cgroup write, a
 * netlink message, a QMP command) is written as
 *
 *	if (act("syscall", "sethostname(\"%s\")", name) && sethostname(...))
 *
 * (act is ctlab_act(), which the command line uses for its own waits)
 *
 * so that its description sits beside it and takes the same values.
 * Normally act() returns true and the action runs.  After
 * ctlab_explain(), it passes the description to the caller's function
 * instead and returns false: the action is not done, and the code goes
 * on as if it had succeeded.  That is how `ctlab --explain VERB` lists
 * what VERB would do, through the very code that does it, so the two
 * cannot drift apart.  What only reads (STATS, access(), /proc) still
 * runs: an explanation is of this system as it is now.
 */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static ctlab_explain_fn *sink;
static void *sink_arg;
static const char *actor = "ctlab";

void ctlab_explain(ctlab_explain_fn *say, void *arg)
{
	sink = say;
	sink_arg = arg;
}

bool ctlab_explaining(void)
{
	return sink != NULL;
}

void act_actor(const char *who)
{
	actor = who;
}

const char *act_flags(uint64_t flags, const struct act_flag *names,
		      size_t n, char *buf, size_t len)
{
	size_t i, used = 0;

	snprintf(buf, len, "0");
	for (i = 0; i < n && used < len; i++)
		if (flags & names[i].flag)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? "|" : "", names[i].name);
	return buf;
}

bool ctlab_act(const char *kind, const char *fmt, ...)
{
	struct ctlab_act a = { .actor = actor, .kind = kind };
	char text[1024];
	va_list ap;

	if (!sink)
		return true;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	a.text = text;
	sink(sink_arg, &a);
	return false;
}
