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

static const struct cli_cmd top_cmd = {
	"top",
	"[-d SEC] [--sort COL] [--show ct|vm|both] [--filter TEXT]\n"
	"       [--record FILE]\n"
	"       ctlab top --replay FILE [-d SEC] [...]\n"
	"       ctlab top -b [-n N] [-d SEC] [--csv|--json] [--record FILE] [...]",
	"Containers and QEMU guests in one table, refreshed as they change:\n"
	"memory held, its peak and limit, CPU, tasks or vCPUs, uptime, limit\n"
	"hits, disk and network rates.  Enter shows where each memory figure\n"
	"comes from, e explains exactly where and shows the raw value; F1\n"
	"lists the keys.  Without the module it shows the guests alone.\n\n"
	"  -d, --delay SEC    seconds between refreshes (default 2; 0.1 to 3600)\n"
	"  --sort COL         mem, cpu, name, time, peak, limit, use, disk,\n"
	"                     net, tasks, failcnt, state, pid, type\n"
	"                     (default mem)\n"
	"  --show WHAT        ct, vm or both (default both)\n"
	"  --filter TEXT      only rows whose name contains TEXT\n"
	"  -b, --batch        no screen: print snapshots, for scripts\n"
	"  -n, --iterations N batch: N snapshots, then exit (default: forever)\n"
	"  --csv, --json      batch: CSV (a header, then a line per row), or\n"
	"                     JSON Lines (an object per snapshot)\n"
	"  --record FILE      write every snapshot to FILE, as JSON Lines\n"
	"  --replay FILE      play a recording back in the dashboard, a\n"
	"                     snapshot every -d seconds\n",
	NULL,
};

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
	enum { OPT_SORT = 256, OPT_SHOW, OPT_FILTER, OPT_CSV, OPT_JSON,
	       OPT_RECORD, OPT_REPLAY };
	static const struct option opts[] = {
		HELP_OPTION,
		{ "delay", required_argument, NULL, 'd' },
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "show", required_argument, NULL, OPT_SHOW },
		{ "filter", required_argument, NULL, OPT_FILTER },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "replay", required_argument, NULL, OPT_REPLAY },
		{ 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "hd:bn:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help(&top_cmd);
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
		default:
			usage(&top_cmd, "unknown option");
		}
	}
	if (optind != argc)
		usage(&top_cmd, "no operands expected");
	if (!*batch && (opt->iterations || opt->format != OUT_TEXT))
		usage(&top_cmd, "-n, --csv and --json go with -b");
	if (opt->replay_name && (*batch || *record))
		usage(&top_cmd, "--replay plays in the dashboard: not with -b or --record");
}

int cli_top(int argc, char **argv)
{
	struct top_options opt = {
		.delay = 2, .format = OUT_TEXT,
		.view = { .sort = COL_MEM, .show = SHOW_BOTH },
	};
	const char *record = NULL;
	bool batch = false;

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
