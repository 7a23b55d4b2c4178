// SPDX-License-Identifier: GPL-2.0
/*
 * batch.c: `ctlab top -b`, snapshots for scripts and recordings.
 *
 * Three forms of the same rows:
 *   text   a header line and the table, as on screen, per snapshot
 *   CSV    one header line, then a line per row per snapshot
 *   JSON   one object per line per snapshot (JSON Lines):
 *          {"sample":1, "time":..., "host":{...}, "module":{...}|null,
 *           "containers":N, "guests":N, "rows":[{"type":"CT", ...}]}
 * export.c makes the CSV lines and JSON objects and says what each field
 * holds.
 *
 * The first snapshot comes half a second after a first look, so it has
 * CPU figures too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "top.h"

/*
 * Sleeps until @s seconds after @from on CLOCK_MONOTONIC (and moves
 * @from on by @s): snapshots every -d seconds, however long each took
 * to take, not every -d seconds plus that.
 */
static void sleep_after(struct timespec *from, double s)
{
	long long ns = from->tv_nsec + (long long)(s * 1e9);

	from->tv_sec += ns / 1000000000;
	from->tv_nsec = ns % 1000000000;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, from, NULL) == EINTR)
		;
}

/* ---- text ----------------------------------------------------------- */

/*
 * The table as on screen, but for a reader that may be a script: names
 * are never cut (the NAME column is as wide as the longest), and the
 * use of the limit is a figure, not a bar.
 */
static void print_text(const struct snapshot *s, const size_t *order,
		       size_t n, const char *why)
{
	unsigned int width[NR_COLUMNS], c;
	char total[16], avail[16], cell[64];
	size_t i;

	ctlab_size_format(s->host.mem_total, total, sizeof(total));
	ctlab_size_format(s->host.mem_available, avail, sizeof(avail));
	printf("host: %s of %s memory available, CPU %.0f%% of %u; ", avail,
	       total, s->host.cpu_pct < 0 ? 0 : s->host.cpu_pct,
	       s->host.nr_cpus);
	if (s->module)
		printf("ctlab.ko ABI %u.%u; ", s->version.abi_major,
		       s->version.abi_minor);
	else
		printf("no containers: %s; ", why);
	printf("%u container%s, %u guest%s\n", s->nr_ct,
	       s->nr_ct == 1 ? "" : "s", s->nr_vm, s->nr_vm == 1 ? "" : "s");

	layout_columns(1000, view_longest_name(s, order, n), width);
	width[COL_BAR] = 4;	/* "73%": no bar here */
	for (c = 0; c < NR_COLUMNS; c++)
		printf(columns[c].left ? "%-*s%s" : "%*s%s", (int)width[c],
		       column_title(c), c + 1 < NR_COLUMNS ? " " : "");
	printf("\n");
	for (i = 0; i < n; i++) {
		for (c = 0; c < NR_COLUMNS; c++) {
			fmt_cell(&s->rows[order[i]], c, cell, sizeof(cell));
			printf(columns[c].left ? "%-*s%s" : "%*s%s",
			       (int)width[c], cell,
			       c + 1 < NR_COLUMNS ? " " : "");
		}
		printf("\n");
	}
	printf("\n");
}

/* ---- CSV and JSON (export.c) ---------------------------------------- */

static void print_csv(const struct snapshot *s, const size_t *order,
		      size_t n, long sample_nr, time_t when)
{
	char line[512];
	size_t i;

	for (i = 0; i < n; i++) {
		csv_row(&s->rows[order[i]], sample_nr, (long long)when, line,
			sizeof(line));
		puts(line);
	}
}

static void print_json(const struct snapshot *s, const size_t *order,
		       size_t n, long sample_nr, time_t when, const char *why)
{
	json_t *j = snapshot_json(s, order, n, sample_nr, (long long)when, why);
	char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));

	if (!text)
		abort();	/* out of memory: nothing to save */
	puts(text);
	free(text);
	json_decref(j);
}

int top_batch(const struct top_options *opt)
{
	struct snapshot prev, now;
	struct timespec tick;
	char why[80] = "";
	size_t *order = NULL, n;
	long i;
	int fd;

	fd = top_open_device(why, sizeof(why));
	/* Tables and JSON say it themselves; CSV has no room for it. */
	if (fd < 0 && opt->format == OUT_CSV)
		fprintf(stderr, "ctlab top: no containers: %s\n", why);
	clock_gettime(CLOCK_MONOTONIC, &tick);
	sample(&prev, NULL, fd, true);
	sleep_after(&tick, 0.5);
	if (opt->format == OUT_CSV)
		printf("%s\n", csv_header);
	for (i = 1; !opt->iterations || i <= opt->iterations; i++) {
		if (i > 1)
			sleep_after(&tick, opt->delay);
		sample(&now, &prev, fd, true);
		order = realloc(order, (now.nr_rows + 1) * sizeof(*order));
		if (!order)
			abort();
		n = view_rows(&opt->view, &now, order);
		if (opt->format == OUT_TEXT)
			print_text(&now, order, n, why);
		else if (opt->format == OUT_CSV)
			print_csv(&now, order, n, i, time(NULL));
		else
			print_json(&now, order, n, i, time(NULL), why);
		fflush(stdout);
		if (opt->record &&
		    record_snapshot(opt->record, &now, i, time(NULL), why)) {
			fprintf(stderr, "ctlab top: --record: cannot write\n");
			return EXIT_FAILURE;
		}
		snapshot_free(&prev);
		prev = now;
	}
	snapshot_free(&prev);
	free(order);
	if (fd >= 0)
		close(fd);
	return EXIT_SUCCESS;
}
