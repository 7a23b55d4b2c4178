// SPDX-License-Identifier: GPL-2.0
/*
 * top.c: `ctlab top`, its options, and the choice between the dashboard
 * (ui_main.c) and batch mode (batch.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "top.h"

enum { OPT_SORT = CLI_KEY(1), OPT_SHOW, OPT_FILTER, OPT_CSV, OPT_JSON,
       OPT_RECORD, OPT_REPLAY };

static const struct cli_opt top_opts[] = {
	{ .name = "delay", .key = 'd', .arg = "SEC", .help = "seconds between refreshes (default 2; 0.1 to 3600)" },
	{ .name = "sort", .key = OPT_SORT, .arg = "COL", .help = "the column to sort by (default mem), one of:", .complete = COMPLETE_WORDS, .words_of = column_keys },
	{ .name = "show", .key = OPT_SHOW, .arg = "WHAT", .help = "ct, vm or both (default both)", .complete = COMPLETE_WORDS, .words = "ct vm both" },
	{ .name = "filter", .key = OPT_FILTER, .arg = "TEXT", .help = "only rows whose name contains TEXT" },
	{ .name = "batch", .key = 'b', .arg = NULL, .help = "no screen: print snapshots, for scripts" },
	{ .name = "iterations", .key = 'n', .arg = "N", .help = "batch: N snapshots, then exit (default: forever)" },
	{ .name = "csv", .key = OPT_CSV, .arg = NULL, .help = "batch: CSV (a header, then a line per row)" },
	{ .name = "json", .key = OPT_JSON, .arg = NULL, .help = "batch: JSON Lines (an object per snapshot)" },
	{ .name = "record", .key = OPT_RECORD, .arg = "FILE", .help = "write every snapshot to FILE, as JSON Lines", .complete = COMPLETE_FILE },
	{ .name = "replay", .key = OPT_REPLAY, .arg = "FILE", .help = "play a recording back in the dashboard, a\nsnapshot every -d seconds", .complete = COMPLETE_FILE },
	CLI_OPT_END,
};

static int top(const struct cli_cmd *cmd, int argc, char **argv);

const struct cli_cmd cli_cmd_top = {
	.name = "top", .operands = "",
	.summary = "containers and guests in one live table",
	.help =
	"Containers and QEMU guests in one table, refreshed as they change:\n"
	"memory held, its peak and limit, CPU, tasks or vCPUs, uptime, limit\n"
	"hits, disk and network rates.  Enter shows where each memory figure\n"
	"comes from, e explains exactly where and shows the raw value; F1\n"
	"lists the keys.  Without the module it shows the guests alone.  -b\n"
	"prints snapshots instead, for scripts: ctlab top -b -n 1 --json.\n"
	"--record keeps every snapshot in a file, --replay plays one back.\n",
	.opts = top_opts, .run = top,
};
#define top_cmd cli_cmd_top

static enum column parse_sort(const char *s)
{
	int col = column_by_key(s);

	if (col < 0)
		usage(&top_cmd, "unknown sort column '%s'", s);
	return (enum column)col;
}

static double parse_delay(const char *s)
{
	char *end;
	double d = strtod(s, &end);

	if (end == s || *end || !(d >= 0.1 && d <= 3600))
		usage(&top_cmd, "--delay takes 0.1 to 3600 seconds, not '%s'", s);
	return d;
}

static long parse_iterations(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || *end || n < 1 || n > 1000000)
		usage(&top_cmd, "--iterations takes a count from 1, not '%s'", s);
	return n;
}

static void parse(int argc, char **argv, struct top_options *opt, bool *batch,
		  const char **record)
{
	int c;

	while ((c = cli_getopt(&top_cmd, argc, argv)) != -1) {
		switch (c) {
		case 'd':
			opt->delay = parse_delay(optarg);
			break;
		case 'b':
			*batch = true;
			break;
		case 'n':
			opt->iterations = parse_iterations(optarg);
			break;
		case OPT_SORT:
			opt->view.sort = parse_sort(optarg);
			break;
		case OPT_SHOW:
			if (!strcmp(optarg, "ct"))
				opt->view.show = SHOW_CT;
			else if (!strcmp(optarg, "vm"))
				opt->view.show = SHOW_VM;
			else if (!strcmp(optarg, "both"))
				opt->view.show = SHOW_BOTH;
			else
				usage(&top_cmd, "--show takes ct, vm or both");
			break;
		case OPT_FILTER:
			if (strlen(optarg) >= sizeof(opt->view.filter))
				usage(&top_cmd, "--filter: too long");
			strcpy(opt->view.filter, optarg);
			break;
		case OPT_CSV:
		case OPT_JSON:
			if (opt->format != OUT_TEXT)
				usage(&top_cmd, "--csv or --json, not both");
			opt->format = c == OPT_CSV ? OUT_CSV : OUT_JSON;
			break;
		case OPT_RECORD:
			*record = optarg;
			break;
		case OPT_REPLAY:
			opt->replay_name = optarg;
			break;
		}
	}
	if (optind != argc)
		usage(&top_cmd, "no operands expected");
	if (!*batch && (opt->iterations || opt->format != OUT_TEXT))
		usage(&top_cmd, "-n, --csv and --json go with -b");
	if (opt->replay_name && (*batch || *record))
		usage(&top_cmd, "--replay plays in the dashboard: not with -b or --record");
}

static int top(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct top_options opt = {
		.delay = 2, .format = OUT_TEXT,
		.view = { .sort = COL_MEM, .show = SHOW_BOTH },
	};
	const char *record = NULL;
	bool batch = false;

	(void)cmd;
	parse(argc, argv, &opt, &batch, &record);
	if (record) {
		opt.record = fopen(record, "we");
		if (!opt.record)
			die_errno(-errno, "top: cannot write %s", record);
	}
	if (opt.replay_name) {
		opt.replay = fopen(opt.replay_name, "re");
		if (!opt.replay)
			die_errno(-errno, "top: cannot read %s", opt.replay_name);
	}
	if (batch)
		return top_batch(&opt);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		die("top: not a terminal; for scripts, use batch mode: ctlab top -b -n 1");
	return top_interactive(&opt);
}
