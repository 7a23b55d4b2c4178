// SPDX-License-Identifier: GPL-2.0
/*
 * events.c: `ctlab events`: one stream of what happens to containers and
 * guests, a line (or, --json, an object) per event, until interrupted.
 *
 * The module keeps no log of events; it wakes a poll() on /dev/ctlab
 * when a container is created, starts, exits, hits its limit or goes.
 * So this keeps the last table it read and says how the new one differs:
 * created, started, exited (with the exit code), limit-hit (failcnt
 * grew), oom-kill, removed.  Guests are asked over QMP once a second, as
 * ctlab top does (holding QMP open would lock every other ctlab out of
 * the guest: a monitor serves one client at a time): started, status
 * (QMP's, such as paused), balloon (its actual size changed), dead (QEMU
 * is gone) and gone (powered off and cleaned up).
 *
 * --since DURATION first says what the containers' own timestamps still
 * show (created or started, exited) within that time.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"

#define MAX_ROWS 1024
#define GUEST_PERIOD_MS 1000

enum { OPT_JSON = CLI_KEY(200), OPT_SINCE = CLI_KEY(1) };

static const struct cli_opt events_opts[] = {
	JSON_OPT,
	{ .name = "since", .key = OPT_SINCE, .arg = "DURATION", .help = "first, what happened in the last DURATION (30s, 10m,\n2h) that the containers' timestamps still show" },
	CLI_OPT_END,
};

static bool json;

/* One container or guest as last seen. */
struct seen {
	char name[CTLAB_NAME_MAX];
	uint32_t state;		/* containers: CTLAB_STATE_*; guests: alive */
	uint64_t failcnt, oom_kills, balloon;
	char status[24];
	bool present;
};

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The wall-clock time of a module timestamp (CLOCK_BOOTTIME ns). */
static double wall_of(uint64_t boottime_ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return wall_now() - (ts.tv_sec * 1e9 + ts.tv_nsec - boottime_ns) / 1e9;
}

/* Prints one event; @key and @value (if @key) say one figure more. */
static void emit(double when, const char *type, const char *name,
		 const char *event, const char *key, long long value)
{
	if (json) {
		json_t *j = json_pack("{s:f, s:s, s:s, s:s}", "time", when,
				      "type", type, "name", name, "event", event);

		if (key)
			json_object_set_new(j, key, json_integer(value));
		cli_print_json(j);
	} else {
		time_t t = (time_t)when;
		char stamp[32];

		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S",
			 localtime(&t));
		printf("%s %-9s %-16s %s", stamp, type, name, event);
		if (key)
			printf(" %s=%lld", key, value);
		printf("\n");
	}
	fflush(stdout);
}

static struct seen *find(struct seen *rows, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].present && !strcmp(rows[i].name, name))
			return &rows[i];
	return NULL;
}

/* How container @st differs from what was seen of it (@old, or none). */
static void container_changes(const struct ctlab_stats *st,
			      const struct seen *old, double now)
{
	if (!old)
		emit(now, "container", st->name, "created", NULL, 0);
	if ((!old || old->state == CTLAB_STATE_CREATED) &&
	    st->state != CTLAB_STATE_CREATED && st->started)
		emit(now, "container", st->name, "started", "init_pid",
		     st->init_pid);
	if ((!old || old->state != CTLAB_STATE_EXITED) &&
	    st->state == CTLAB_STATE_EXITED)
		emit(now, "container", st->name, "exited", "exit_code",
		     ctlab_ct_exit_code(st));
	if (old && st->failcnt > old->failcnt)
		emit(now, "container", st->name, "limit-hit", "failcnt",
		     (long long)st->failcnt);
	if (old && st->oom_kills > old->oom_kills)
		emit(now, "container", st->name, "oom-kill", "oom_kills",
		     (long long)st->oom_kills);
}

/* Reads the module's table and says what changed since @rows. */
static size_t containers(int fd, struct seen *rows, size_t n, bool quiet)
{
	struct seen next[MAX_ROWS];
	struct ctlab_stats st;
	uint32_t *ids = NULL;
	size_t got = 0, i;
	double now = wall_now();
	int count, k;

	count = ctlab_list(fd, &ids);
	for (k = 0; k < count && got < MAX_ROWS; k++) {
		if (ctlab_stats(fd, ids[k], NULL, &st))
			continue;
		if (!quiet)
			container_changes(&st, find(rows, n, st.name), now);
		next[got] = (struct seen){ .state = st.state,
			.failcnt = st.failcnt, .oom_kills = st.oom_kills,
			.present = true };
		snprintf(next[got].name, sizeof(next[got].name), "%s", st.name);
		got++;
	}
	free(ids);
	for (i = 0; i < n && !quiet; i++) {
		if (find(next, got, rows[i].name))
			continue;
		/* Exited and removed at once (run --rm): its code is lost. */
		if (rows[i].state != CTLAB_STATE_EXITED)
			emit(now, "container", rows[i].name, "exited", NULL, 0);
		emit(now, "container", rows[i].name, "removed", NULL, 0);
	}
	memcpy(rows, next, got * sizeof(*next));
	return got;
}

/* Asks every guest over QMP and says what changed since @rows. */
static size_t guests(struct seen *rows, size_t n, bool quiet)
{
	struct seen next[MAX_ROWS];
	struct ctlab_vm_stats st;
	double now = wall_now();
	size_t got = 0, i;
	char **names;
	int count, k;

	count = ctlab_vm_list(&names);
	for (k = 0; k < count && got < MAX_ROWS; k++) {
		const struct seen *old = find(rows, n, names[k]);

		if (ctlab_vm_stats_within(names[k], 500, &st))
			continue;
		if (!quiet && !old)
			emit(now, "guest", st.name, "started", "pid", st.pid);
		if (!quiet && old && old->state && !st.alive)
			emit(now, "guest", st.name, "dead", NULL, 0);
		if (!quiet && old && st.alive && strcmp(old->status, st.status))
			emit(now, "guest", st.name, st.status, NULL, 0);
		if (!quiet && old && st.alive && st.balloon_actual &&
		    old->balloon && st.balloon_actual != old->balloon)
			emit(now, "guest", st.name, "balloon", "actual",
			     (long long)st.balloon_actual);
		next[got] = (struct seen){ .state = st.alive,
			.balloon = st.balloon_actual, .present = true };
		snprintf(next[got].name, sizeof(next[got].name), "%s", st.name);
		snprintf(next[got].status, sizeof(next[got].status), "%s",
			 st.status);
		got++;
	}
	if (count > 0)
		ctlab_strv_free(names);
	for (i = 0; i < n && !quiet; i++)
		if (!find(next, got, rows[i].name))
			emit(now, "guest", rows[i].name, "gone", NULL, 0);
	memcpy(rows, next, got * sizeof(*next));
	return got;
}

/* --since: what the table's timestamps still show, oldest first. */
static void replay(int fd, double since)
{
	struct ctlab_stats st;
	uint32_t *ids = NULL;
	int count, k;

	count = ctlab_list(fd, &ids);
	for (k = 0; k < count; k++) {
		if (ctlab_stats(fd, ids[k], NULL, &st) || !st.started)
			continue;
		if (wall_of(st.started) >= since)
			emit(wall_of(st.started), "container", st.name, "started",
			     "init_pid", st.init_pid);
		if (st.state == CTLAB_STATE_EXITED && st.exited &&
		    wall_of(st.exited) >= since)
			emit(wall_of(st.exited), "container", st.name, "exited",
			     "exit_code", ctlab_ct_exit_code(&st));
	}
	free(ids);
}

/* "30s", "10m", "2h", "90" (seconds). */
static double parse_since(const struct cli_cmd *cmd, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || !(v >= 0) ||
	    (*end && (strchr("smh", *end) == NULL || end[1])))
		usage(cmd, "--since takes a duration: 30s, 10m, 2h, not '%s'", s);
	return v * (*end == 'h' ? 3600 : *end == 'm' ? 60 : 1);
}

static int events(const struct cli_cmd *cmd, int argc, char **argv)
{
	static struct seen cts[MAX_ROWS], vms[MAX_ROWS];
	size_t nct = 0, nvm = 0;
	double since = -1, next_guests = 0;
	struct pollfd p = { .fd = -1, .events = POLLIN };
	int c;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == OPT_JSON)
			json = true;
		else
			since = parse_since(cmd, optarg);
	}
	if (optind != argc)
		usage(cmd, "no arguments expected");
	if (ctlab_open(&p.fd))
		fprintf(stderr, "ctlab: %s: not open (no module?): guests only\n",
			CTLAB_DEVICE);
	if (p.fd >= 0 && since >= 0)
		replay(p.fd, wall_now() - since);
	/* What is there already is not news. */
	if (p.fd >= 0)
		nct = containers(p.fd, cts, 0, true);
	nvm = guests(vms, 0, true);
	next_guests = wall_now() + GUEST_PERIOD_MS / 1e3;
	for (;;) {
		int wait_ms = (int)((next_guests - wall_now()) * 1000);

		if (poll(&p, 1, wait_ms > 0 ? wait_ms : 0) < 0 && errno != EINTR)
			die_errno(errno, "poll");
		if (p.revents & POLLIN) {
			ctlab_events_ack(p.fd);
			nct = containers(p.fd, cts, nct, false);
		}
		if (wall_now() >= next_guests) {
			nvm = guests(vms, nvm, false);
			next_guests = wall_now() + GUEST_PERIOD_MS / 1e3;
		}
	}
}

const struct cli_cmd cli_cmd_events = {
	.name = "events", .operands = "",
	.summary = "what happens to containers and guests, as it happens",
	.help = "Print a line per event until interrupted: a container created,\n"
		"started, exited (its exit code), hitting its limit, OOM-killed,\n"
		"removed; a guest started, paused or running again, its balloon\n"
		"changed, dead, gone.\n",
	.opts = events_opts, .run = events,
};
