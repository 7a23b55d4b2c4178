// SPDX-License-Identifier: GPL-2.0
/*
 * batch.c: `ctlab top -b`, snapshots for scripts and recordings.
 *
 * Three forms of the same rows:
 *   text   a header line and the table, as on screen, per snapshot
 *   CSV    one header line, then a line per row per snapshot; sizes in
 *          bytes, times in seconds, an empty field for "not known"
 *   JSON   one object per line per snapshot (JSON Lines):
 *          {"sample":1, "time":..., "host":{...}, "module":{...}|null,
 *           "rows":[{"type":"CT", "name":..., ...}, ...]}
 * Names and states are those of `ctlab ps --json` and `ctlab vm ls`, but
 * for a guest still booting (QMP says "running", the ready marker has
 * not come yet), whose state is "booting"; "status" keeps QMP's word.
 *
 * The first snapshot comes half a second after a first look, so it has
 * CPU figures too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "top.h"

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts))
		;
}

/* ---- text ----------------------------------------------------------- */

static void print_text(const struct snapshot *s, const size_t *order,
		       size_t n, const char *why)
{
	unsigned int width[NR_COLUMNS], c;
	char total[16], avail[16], cell[64];
	size_t i;

	fmt_size(s->host.mem_total, total, sizeof(total));
	fmt_size(s->host.mem_available, avail, sizeof(avail));
	printf("host: %s of %s memory available, CPU %.0f%% of %u; ", avail,
	       total, s->host.cpu_pct < 0 ? 0 : s->host.cpu_pct,
	       s->host.nr_cpus);
	if (s->module)
		printf("ctlab.ko ABI %u.%u; ", s->version.abi_major,
		       s->version.abi_minor);
	else
		printf("no containers: %s; ", why);
	printf("%u containers, %u guests\n", s->nr_ct, s->nr_vm);

	layout_columns(120, width);
	width[COL_BAR] = width[COL_BAR] ? 4 : 0;	/* "73%": no bar here */
	for (c = 0; c < NR_COLUMNS; c++)
		if (width[c])
			printf(c <= COL_STATE ? "%-*s " : "%*s ", (int)width[c],
			       column_title(c));
	printf("\n");
	for (i = 0; i < n; i++) {
		for (c = 0; c < NR_COLUMNS; c++) {
			if (!width[c])
				continue;
			fmt_cell(&s->rows[order[i]], c, cell, sizeof(cell));
			printf(c <= COL_STATE ? "%-*.*s " : "%*.*s ",
			       (int)width[c], (int)width[c], cell);
		}
		printf("\n");
	}
	printf("\n");
}

/* ---- CSV ------------------------------------------------------------ */

static const char csv_header[] =
	"sample,time,type,name,state,pid,cpu_pct,mem,peak,limit,used,tasks,uptime_s,failcnt";

static void print_csv(const struct snapshot *s, const size_t *order,
		      size_t n, long sample_nr, time_t when)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct row *r = &s->rows[order[i]];

		printf("%ld,%lld,%s,%s,%s,%d,", sample_nr, (long long)when,
		       r->type == ROW_CT ? "CT" : "VM", r->name, r->state,
		       (int)r->pid);
		if (r->cpu_pct >= 0)
			printf("%.1f", r->cpu_pct);
		printf(",%llu,%llu,%llu,%llu,%u,", (unsigned long long)r->mem,
		       (unsigned long long)r->peak,
		       (unsigned long long)r->limit,
		       (unsigned long long)r->used, r->tasks);
		if (r->uptime_s >= 0)
			printf("%.0f", r->uptime_s);
		printf(",%llu\n", (unsigned long long)r->failcnt);
	}
}

/* ---- JSON ----------------------------------------------------------- */

/* A real, or null when not known (< 0). */
static json_t *maybe(double v)
{
	return v >= 0 ? json_real(round(v * 10) / 10) : json_null();
}

static json_t *row_json(const struct row *r)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:I, s:i, s:I}",
			      "type", r->type == ROW_CT ? "CT" : "VM",
			      "name", r->name, "state", r->state,
			      "pid", (int)r->pid,
			      "mem", (json_int_t)r->mem,
			      "peak", (json_int_t)r->peak,
			      "limit", (json_int_t)r->limit,
			      "used", (json_int_t)r->used,
			      "tasks", (int)r->tasks,
			      "failcnt", (json_int_t)r->failcnt);

	if (!j)
		abort();
	json_object_set_new(j, "cpu_pct", maybe(r->cpu_pct));
	json_object_set_new(j, "uptime_s", maybe(r->uptime_s));
	if (r->type == ROW_VM)
		json_object_set_new(j, "status", json_string(r->raw.vm.status));
	return j;
}

static void print_json(const struct snapshot *s, const size_t *order,
		       size_t n, long sample_nr, time_t when, const char *why)
{
	json_t *rows = json_array(), *j;
	size_t i;
	char *text;

	for (i = 0; i < n; i++)
		json_array_append_new(rows, row_json(&s->rows[order[i]]));
	j = json_pack("{s:I, s:I, s:{s:I, s:I, s:o, s:i}, s:o}",
		      "sample", (json_int_t)sample_nr, "time", (json_int_t)when,
		      "host", "mem_total", (json_int_t)s->host.mem_total,
		      "mem_available", (json_int_t)s->host.mem_available,
		      "cpu_pct", maybe(s->host.cpu_pct),
		      "cpus", (int)s->host.nr_cpus, "rows", rows);
	if (!j)
		abort();
	if (s->module)
		json_object_set_new(j, "module", json_pack("{s:i, s:i}",
			"abi_major", (int)s->version.abi_major,
			"abi_minor", (int)s->version.abi_minor));
	else
		json_object_set_new(j, "module", json_null());
	if (!s->module)
		json_object_set_new(j, "notice", json_string(why));
	text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
	if (!text)
		abort();
	puts(text);
	free(text);
	json_decref(j);
}

int top_batch(const struct top_options *opt)
{
	struct snapshot prev, now;
	char why[80] = "";
	size_t *order = NULL, n;
	long i;
	int fd;

	fd = top_open_device(why, sizeof(why));
	/* Tables and JSON say it themselves; CSV has no room for it. */
	if (fd < 0 && opt->format == OUT_CSV)
		fprintf(stderr, "ctlab top: no containers: %s\n", why);
	sample(&prev, NULL, fd, true);
	sleep_s(0.5);
	if (opt->format == OUT_CSV)
		printf("%s\n", csv_header);
	for (i = 1; !opt->iterations || i <= opt->iterations; i++) {
		if (i > 1)
			sleep_s(opt->delay);
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
		snapshot_free(&prev);
		prev = now;
	}
	snapshot_free(&prev);
	free(order);
	if (fd >= 0)
		close(fd);
	return EXIT_SUCCESS;
}
