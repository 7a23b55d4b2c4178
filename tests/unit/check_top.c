// SPDX-License-Identifier: GPL-2.0
/*
 * check_top.c: what `ctlab top` prints, apart from curses (its sizes are
 * ctlab_size_format()'s: check_size.c): times,
 * bars and sparklines that never outgrow their cells, column widths for
 * any terminal, the rows a view shows in its order, and batch mode's CSV
 * lines and JSON objects, whose names are those of ctlab ps and vm ls;
 * and a guest's CPU%, sampled from a fake QEMU that answers slowly.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <check.h>

#include "top.h"
#include "suites.h"

#define GREETING_TOP "{\"QMP\": {\"version\": {}, \"capabilities\": []}}\r\n"

static const struct {
	double seconds;
	const char *text;
} uptime_cases[] = {
	{ -1, "-" }, { 0, "0:00" }, { 42.9, "0:42" }, { 3599, "59:59" },
	{ 3723, "1:02:03" }, { 86399, "23:59:59" }, { 3 * 86400 + 4 * 3600, "3d04h" },
};

START_TEST(test_uptime)
{
	char buf[16];

	fmt_uptime(uptime_cases[_i].seconds, buf, sizeof(buf));
	ck_assert_str_eq(buf, uptime_cases[_i].text);
}
END_TEST

START_TEST(test_bar)
{
	char buf[16];

	fmt_bar(0, 4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "[    ]");
	fmt_bar(0.5, 4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "[||  ]");
	fmt_bar(1, 4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "[||||]");
	/* Past the limit (an RSS with shared pages can be): full, no more. */
	fmt_bar(3.5, 4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "[||||]");
	fmt_bar(-1, 4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "[    ]");
	/* No room: an empty string, not an overflow. */
	fmt_bar(1, 4, buf, 6);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_sparkline)
{
	const float v[] = { 0, 1, 5, 9 };
	char buf[64];

	/* Nine levels in ASCII: 1 of 9 is the lowest mark, 9 the top. */
	fmt_sparkline(v, 4, 9, 4, false, buf, sizeof(buf));
	ck_assert_str_eq(buf, " .+@");
	/* Fewer samples than room: padded on the left, newest at the right. */
	fmt_sparkline(v, 4, 9, 6, false, buf, sizeof(buf));
	ck_assert_str_eq(buf, "   .+@");
	/* More samples than room: the newest ones. */
	fmt_sparkline(v, 4, 9, 2, false, buf, sizeof(buf));
	ck_assert_str_eq(buf, "+@");
	/* Eight in UTF-8, rounded up: anything above zero shows. */
	fmt_sparkline(v, 4, 9, 4, true, buf, sizeof(buf));
	ck_assert_str_eq(buf, " \u2581\u2585\u2588");
	/* All zero, or no maximum: blank, never a division by zero. */
	fmt_sparkline(v, 1, 0, 3, true, buf, sizeof(buf));
	ck_assert_str_eq(buf, "   ");
}
END_TEST

/* Every terminal width gets a table that fits, and 80 columns keep the
 * columns a student needs most, the bar included. */
START_TEST(test_layout)
{
	unsigned int width[NR_COLUMNS], cols;

	for (cols = 50; cols <= 300; cols++) {
		ck_assert_uint_le(layout_columns(cols, 8, width), cols);
		ck_assert_uint_le(layout_columns(cols, CTLAB_NAME_LEN, width), cols);
	}
	layout_columns(80, 8, width);
	ck_assert_uint_gt(width[COL_NAME], 0);
	ck_assert_uint_gt(width[COL_MEM], 0);
	ck_assert_uint_gt(width[COL_LIMIT], 0);
	ck_assert_uint_gt(width[COL_BAR], 0);
	ck_assert_uint_gt(width[COL_FAILCNT], 0);
	/* Wide: every column, NAME and the bar at their widest, and a
	 * space between each two. */
	ck_assert_uint_eq(layout_columns(200, 16, width), 4 + 16 + 8 + 7 + 5 * 5 +
			  22 + 6 + 6 + 7 + 7 + 13);
	ck_assert_uint_eq(width[COL_PID], 7);
	/* NAME grows to the longest name, all 31 characters of it when
	 * there is room, and no further. */
	layout_columns(200, CTLAB_NAME_LEN, width);
	ck_assert_uint_eq(width[COL_NAME], CTLAB_NAME_LEN);
	layout_columns(200, 60, width);
	ck_assert_uint_eq(width[COL_NAME], CTLAB_NAME_LEN);
	layout_columns(200, 3, width);
	ck_assert_uint_eq(width[COL_NAME], 8);
}
END_TEST

/* Cut names keep their end: two long names that differ there differ. */
START_TEST(test_fit)
{
	char a[64], b[64];

	fmt_fit("grow-a-very-long-name-number-1", 8, true, a, sizeof(a));
	fmt_fit("grow-a-very-long-name-number-2", 8, true, b, sizeof(b));
	ck_assert_str_eq(a, "grow~r-1");
	ck_assert_str_ne(a, b);
	fmt_fit("short", 8, true, a, sizeof(a));
	ck_assert_str_eq(a, "short");
	fmt_fit("unresponsive", 8, false, a, sizeof(a));
	ck_assert_str_eq(a, "unrespo~");
	fmt_fit("abc", 1, true, a, sizeof(a));
	ck_assert_str_eq(a, "~");
	fmt_fit("abc", 0, true, a, sizeof(a));
	ck_assert_str_eq(a, "");
}
END_TEST

/* Every --sort name leads back to its own column. */
START_TEST(test_sort_keys)
{
	int c;

	for (c = 0; c < NR_COLUMNS; c++)
		ck_assert_int_eq(column_by_key(columns[c].key), c);
	ck_assert_int_eq(column_by_key("use"), COL_BAR);
	ck_assert_int_eq(column_by_key("bogus"), -1);
}
END_TEST

static struct row rows[] = {
	{ .type = ROW_CT, .name = "web", .mem = 300 << 10, .cpu_pct = 5, .uptime_s = 90 },
	{ .type = ROW_VM, .name = "guest", .mem = 90 << 20, .cpu_pct = 99, .uptime_s = 60 },
	{ .type = ROW_CT, .name = "db", .mem = 40 << 20, .cpu_pct = 0, .uptime_s = 95 },
	{ .type = ROW_CT, .name = "webcache", .mem = 1 << 20, .cpu_pct = 1, .uptime_s = 5 },
};

static const char *shown(const struct view *v)
{
	struct snapshot s = { .rows = rows, .nr_rows = 4 };
	static char names[128];
	size_t order[4], n, i;

	n = view_rows(v, &s, order);
	names[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(names, rows[order[i]].name);
		strcat(names, i + 1 < n ? " " : "");
	}
	return names;
}

START_TEST(test_view)
{
	struct view v = { .sort = COL_MEM };

	ck_assert_str_eq(shown(&v), "guest db webcache web");
	v.reverse = true;
	ck_assert_str_eq(shown(&v), "web webcache db guest");
	v = (struct view){ .sort = COL_NAME };
	ck_assert_str_eq(shown(&v), "db guest web webcache");
	v.sort = COL_CPU;
	ck_assert_str_eq(shown(&v), "guest web webcache db");
	v.sort = COL_UPTIME;
	ck_assert_str_eq(shown(&v), "db web guest webcache");
	v.show = SHOW_VM;
	ck_assert_str_eq(shown(&v), "guest");
	v.show = SHOW_CT;
	strcpy(v.filter, "web");
	ck_assert_str_eq(shown(&v), "web webcache");
	strcpy(v.filter, "nothing");
	ck_assert_str_eq(shown(&v), "");
	/* < and > walk round every column. */
	ck_assert_int_eq(view_sort_next(COL_TYPE, -1), COL_FAILCNT);
	ck_assert_int_eq(view_sort_next(COL_FAILCNT, 1), COL_TYPE);
}
END_TEST

START_TEST(test_history)
{
	struct history h = { 0 };
	unsigned int i;

	for (i = 0; i < HISTORY_LEN + 5; i++)
		history_push(&h, (float)i);
	ck_assert_uint_eq(h.len, HISTORY_LEN);
	ck_assert_float_eq(history_get(&h, 0), 5);
	ck_assert_float_eq(history_get(&h, HISTORY_LEN - 1), HISTORY_LEN + 4);
}
END_TEST

/*
 * CPU% is measured from one full refresh to the next, over the time
 * between the two readings of the row.  A guest's row read at 10 s and
 * carried unchanged through a refresh for a container's event at 11.75 s
 * is compared, at the next full refresh at 12 s, with its reading at
 * 10 s: one busy vCPU for 2 s is 100%, not 800%.  An event refresh keeps
 * the last figure and the baseline.
 */
START_TEST(test_cpu_rate)
{
	struct row old = { .type = ROW_CT, .pid = 7, .cpu_ns = 5000000000ULL,
			   .at = 10.0 };
	struct row ev, r;

	carry_over(&old, NULL, true);
	ck_assert_double_lt(old.cpu_pct, 0);

	/* An event refresh at 11 s: no rate yet, no new sample. */
	ev = old;
	ev.cpu_ns += 900000000ULL;
	ev.at = 11.0;
	carry_over(&ev, &old, false);
	ck_assert_double_lt(ev.cpu_pct, 0);
	ck_assert_uint_eq(ev.cpu_hist.len, 1);

	/* The full refresh at 12 s: 2 s of CPU since the one at 10 s. */
	r = ev;
	r.cpu_ns = old.cpu_ns + 2000000000ULL;
	r.at = 12.0;
	carry_over(&r, &ev, true);
	ck_assert_double_eq_tol(r.cpu_pct, 100.0, 1e-9);
	ck_assert_uint_eq(r.cpu_hist.len, 2);
	ck_assert_float_eq(history_get(&r.cpu_hist, 1), 100);

	/* The next event refresh keeps that figure. */
	ev = r;
	ev.cpu_ns += 10;
	ev.at = 12.25;
	carry_over(&ev, &r, false);
	ck_assert_double_eq_tol(ev.cpu_pct, 100.0, 1e-9);

	/* The same name with another PID: a new one, no rate, no past. */
	memset(&r, 0, sizeof(r));
	r.type = ROW_CT;
	r.pid = 8;
	r.cpu_ns = old.cpu_ns + 1;
	r.at = 12.5;
	carry_over(&r, &ev, true);
	ck_assert_double_lt(r.cpu_pct, 0);
	ck_assert_uint_eq(r.cpu_hist.len, 1);
	ck_assert_float_eq(history_get(&r.cpu_hist, 0), 0);
}
END_TEST

/*
 * Disk and network rates are measured as CPU% is, from one full refresh
 * to the next; a counter that could not be read is "-", not 0; one that
 * went down (a new veth of the same name) starts again.
 */
START_TEST(test_counter_rate)
{
	struct row old = { .type = ROW_CT, .pid = 7, .at = 10,
			   .disk = { .known = true, .in = 1000, .out = 0 } };
	struct row r = old;
	char cell[16];

	carry_over(&old, NULL, true);
	fmt_cell(&old, COL_DISK, cell, sizeof(cell));
	ck_assert_str_eq(cell, "-");
	fmt_cell(&old, COL_NET, cell, sizeof(cell));
	ck_assert_str_eq(cell, "-");
	r.at = 12;
	r.disk.in += 4096;
	r.disk.out += 4096;
	carry_over(&r, &old, true);
	ck_assert_double_eq_tol(r.disk.rate, 4096, 1e-9);
	fmt_cell(&r, COL_DISK, cell, sizeof(cell));
	ck_assert_str_eq(cell, "4K");
	old = r;
	r.at = 13;
	r.disk.in = 0;
	carry_over(&r, &old, true);
	ck_assert_double_lt(r.disk.rate, 0);
}
END_TEST

/*
 * A PEAK below MEM reads as a lie: a guest's PEAK (VmHWM) and MEM
 * (smaps_rollup) are two counts that differ by a few pages.  The peak
 * is at least MEM, and a guest's never goes down while its QEMU lives.
 */
START_TEST(test_peak_not_below)
{
	struct row old = { .type = ROW_VM, .pid = 9, .mem = 100 << 20,
			   .peak = 99 << 20, .at = 1 };
	struct row r = old;

	carry_over(&old, NULL, true);
	ck_assert_uint_eq(old.peak, 100 << 20);
	r.mem = 90 << 20;
	r.peak = 95 << 20;
	r.at = 2;
	carry_over(&r, &old, true);
	ck_assert_uint_eq(r.peak, 100 << 20);
}
END_TEST

/* A dead guest runs nothing: no CPU% and no vCPUs, not 0.0 and 1. */
START_TEST(test_dead_guest)
{
	struct row old = { .type = ROW_VM, .name = "g", .state = "dead",
			   .tasks = 1, .at = 1 };
	struct row r = old;
	char cell[16];

	carry_over(&old, NULL, true);
	r.at = 3;
	carry_over(&r, &old, true);
	ck_assert_double_lt(r.cpu_pct, 0);
	fmt_cell(&r, COL_CPU, cell, sizeof(cell));
	ck_assert_str_eq(cell, "-");
	fmt_cell(&r, COL_TASKS, cell, sizeof(cell));
	ck_assert_str_eq(cell, "-");
}
END_TEST

/* A container at its limit, and a guest still booting. */
static struct row export_rows[] = {
	{ .type = ROW_CT, .name = "grower", .state = "running", .pid = 42,
	  .cpu_pct = 12.34, .mem = 3 << 20, .peak = 48 << 20,
	  .limit = 48 << 20, .used = 47 << 20, .tasks = 2, .uptime_s = 61.6,
	  .failcnt = 7,
	  .raw.ct = { .id = 3, .init_pid = 42, .nr_procs = 2, .rss = 3 << 20,
		      .rss_anon = 2 << 20, .charge = 47 << 20, .limit = 48 << 20,
		      .failcnt = 7 } },
	{ .type = ROW_VM, .name = "g1", .state = "booting", .pid = 99,
	  .cpu_pct = -1, .mem = 90 << 20, .peak = 91 << 20,
	  .limit = 128 << 20, .used = 90 << 20, .tasks = 1, .uptime_s = -1,
	  .raw.vm = { .name = "g1", .alive = true, .pid = 99,
		      .status = "running", .cpus = 1, .boot_s = -1,
		      .mem = 128 << 20, .rss = 90 << 20 } },
};

START_TEST(test_csv)
{
	char line[512];
	const char *p;
	int commas = 0;

	for (p = csv_header; *p; p++)
		commas += *p == ',';
	csv_row(&export_rows[0], 2, 1700000000, line, sizeof(line));
	ck_assert_str_eq(line, "2,1700000000,CT,grower,running,42,12.3,3145728,"
			 "50331648,50331648,49283072,2,62,7");
	for (p = line; *p; p++)
		commas -= *p == ',';
	ck_assert_int_eq(commas, 0);
	/* Not known yet: empty fields, still as many of them. */
	csv_row(&export_rows[1], 1, 1700000000, line, sizeof(line));
	ck_assert_str_eq(line, "1,1700000000,VM,g1,booting,99,,94371840,"
			 "95420416,134217728,94371840,1,,0");
}
END_TEST

static const char *json_text(json_t *j)
{
	static char text[2048];
	char *t = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);

	ck_assert_ptr_nonnull(t);
	snprintf(text, sizeof(text), "%s", t);
	free(t);
	json_decref(j);
	return text;
}

START_TEST(test_json)
{
	json_t *ct = row_json(&export_rows[0]), *vm = row_json(&export_rows[1]);
	struct row r;

	/* ctlab ps --json's names for a container's figures. */
	ck_assert_str_eq(json_string_value(json_object_get(ct, "state")), "running");
	ck_assert_int_eq(json_integer_value(json_object_get(ct, "init_pid")), 42);
	ck_assert_int_eq(json_integer_value(json_object_get(ct, "rss")), 3 << 20);
	ck_assert_int_eq(json_integer_value(json_object_get(ct, "charge")), 47 << 20);
	ck_assert_int_eq(json_integer_value(json_object_get(ct, "limit")), 48 << 20);
	ck_assert_int_eq(json_integer_value(json_object_get(ct, "failcnt")), 7);
	ck_assert(json_real_value(json_object_get(ct, "cpu_pct")) == 12.3);
	ck_assert_ptr_null(json_object_get(ct, "status"));
	/* ctlab vm ls --json's for a guest's: "mem" is its RAM there too. */
	ck_assert_str_eq(json_string_value(json_object_get(vm, "state")), "booting");
	ck_assert_str_eq(json_string_value(json_object_get(vm, "status")), "running");
	ck_assert_int_eq(json_integer_value(json_object_get(vm, "mem")), 128 << 20);
	ck_assert_int_eq(json_integer_value(json_object_get(vm, "rss")), 90 << 20);
	ck_assert(json_is_null(json_object_get(vm, "cpu_pct")));
	ck_assert(json_is_null(json_object_get(vm, "boot_s")));
	ck_assert(json_is_null(json_object_get(vm, "guest")));
	ck_assert_ptr_null(json_object_get(vm, "charge"));
	json_decref(ct);
	json_decref(vm);
	/* A limit of 2^64 - 1 is not -1 (nor is it in a replay). */
	r = export_rows[0];
	r.limit = UINT64_MAX;
	ct = row_json(&r);
	ck_assert(json_number_value(json_object_get(ct, "limit")) > 1.8e19);
	json_decref(ct);
}
END_TEST

/* Without the module: "module" is null, and the notice says why. */
START_TEST(test_json_snapshot)
{
	struct snapshot s = { .rows = export_rows, .nr_rows = 2, .nr_vm = 1,
			      .host = { .cpu_pct = -1, .nr_cpus = 2 } };
	size_t order[] = { 1 };
	const char *text;

	text = json_text(snapshot_json(&s, order, 1, 1, 1700000000, "no module"));
	ck_assert_ptr_nonnull(strstr(text, "\"module\":null"));
	ck_assert_ptr_nonnull(strstr(text, "\"notice\":\"no module\""));
	ck_assert_ptr_nonnull(strstr(text, "\"guests\":1"));
	ck_assert_ptr_nonnull(strstr(text, "\"rows\":[{"));
	ck_assert_ptr_null(strstr(text, "grower"));
	s.module = true;
	s.version.abi_major = 1;
	text = json_text(snapshot_json(&s, order, 0, 1, 1700000000, "no module"));
	ck_assert_ptr_nonnull(strstr(text, "\"module\":{\"abi_major\":1,"));
	ck_assert_ptr_null(strstr(text, "notice"));
	ck_assert_ptr_nonnull(strstr(text, "\"rows\":[]"));
}
END_TEST

/*
 * Explain: every figure of the detail pane says where it is read, with
 * the raw value read there; a figure that is a column of the table says
 * what the column's entry says.
 */
START_TEST(test_explain)
{
	struct figure f[MAX_FIGURES];
	size_t n, i;

	n = row_figures(&export_rows[0], f, MAX_FIGURES);
	ck_assert_uint_ge(n, 8);
	for (i = 0; i < n; i++) {
		ck_assert_str_ne(figure_where(&f[i], ROW_CT), "?");
		ck_assert_uint_gt(strlen(f[i].raw), 0);
	}
	ck_assert_str_eq(f[0].label, "RSS");
	ck_assert_ptr_nonnull(strstr(figure_where(&f[0], ROW_CT),
				     "CTLAB_IOC_STATS"));
	ck_assert_ptr_nonnull(strstr(figure_where(&f[0], ROW_CT), ".rss"));
	ck_assert_str_eq(f[0].raw, "rss = 3145728 = rss_anon 2097152 + "
			 "rss_file 0 + rss_shmem 0");
	ck_assert_str_eq(figure_where(&f[0], ROW_CT), columns[COL_MEM].ct_source);

	n = row_figures(&export_rows[1], f, MAX_FIGURES);
	for (i = 0; i < n && strcmp(f[i].label, "balloon leaves"); i++)
		;
	ck_assert_uint_lt(i, n);
	ck_assert_ptr_nonnull(strstr(figure_where(&f[i], ROW_VM),
				     "query-balloon"));
	ck_assert_str_eq(f[i].raw, "{\"return\": {\"actual\": 0}}");
	/* Only the first @max figures, never more. */
	ck_assert_uint_eq(row_figures(&export_rows[0], f, 2), 2);
}
END_TEST

/*
 * ACCOUNT's figures follow STATS' in a container's pane, each with its
 * field and its cgroup file; against a module older than ABI 1.2 the
 * pane says so in one line, never in zeros.
 */
START_TEST(test_explain_account)
{
	struct row r = export_rows[0];
	struct figure f[MAX_FIGURES];
	size_t n, i;

	n = row_figures(&r, f, MAX_FIGURES);
	r.acct_asked = true;
	r.acct.valid = CTLAB_ACCT_MEMCG | CTLAB_ACCT_PIDS | CTLAB_ACCT_PSI;
	r.acct.kmem = 3 << 20;
	r.acct.pids_current = 2;
	r.acct.pids_max = 64;
	r.acct.ev_max = 7;
	r.acct.psi_some_avg10 = 125;
	ck_assert_uint_eq(row_figures(&r, f, MAX_FIGURES), n + 7);
	ck_assert_str_eq(f[n].label, "kernel memory");
	ck_assert_ptr_nonnull(strstr(f[n].value, "3.0M"));
	ck_assert_ptr_nonnull(strstr(figure_where(&f[n], ROW_CT),
				     "CTLAB_IOC_ACCOUNT (8)"));
	ck_assert_ptr_nonnull(strstr(figure_where(&f[n], ROW_CT),
				     "memory.stat"));
	for (i = n; i < n + 7; i++) {
		ck_assert_ptr_nonnull(strstr(figure_where(&f[i], ROW_CT),
					     "struct ctlab_account"));
		ck_assert_uint_gt(strlen(f[i].raw), 0);
	}
	ck_assert_str_eq(f[n + 3].value, "2 of 64, forks refused 0");
	ck_assert_str_eq(f[n + 5].value,
			 "low 0, high 0, max 7, oom 0, kills 0");
	ck_assert_ptr_nonnull(strstr(f[n + 6].value, "some 1.25 %"));

	/* ABI 1.1: ENOTTY, one line that says why, no zeros. */
	memset(&r.acct, 0, sizeof(r.acct));
	r.acct_err = -ENOTTY;
	strcpy(r.acct_why, "ctlab.ko speaks ABI 1.1; these figures need 1.2");
	ck_assert_uint_eq(row_figures(&r, f, MAX_FIGURES), n + 1);
	ck_assert_str_eq(f[n].value, r.acct_why);
	ck_assert_ptr_nonnull(strstr(f[n].raw, "ENOTTY"));
}
END_TEST

/*
 * A recording is played back as it was: each row read back from its
 * JSON has the figures the table and the detail pane show; a second
 * snapshot carries the sparklines on; the end is -ENODATA, and a line
 * that is not ours is an error that says where.
 */
START_TEST(test_replay)
{
	struct snapshot s = { .rows = export_rows, .nr_rows = 2, .nr_ct = 1,
			      .nr_vm = 1, .module = true,
			      .host = { .mem_total = 1 << 30, .nr_cpus = 2 } };
	struct snapshot a, b;
	char why[96], cell[2][16];
	const struct row *r;
	long nr = 0;
	unsigned int c;
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(record_snapshot(f, &s, 1, 1700000000, ""), 0);
	ck_assert_int_eq(record_snapshot(f, &s, 2, 1700000002, ""), 0);
	fputs("not json\n", f);
	rewind(f);
	ck_assert_int_eq(replay_next(f, &a, NULL, &nr, why, sizeof(why)), 0);
	ck_assert_uint_eq(a.nr_rows, 2);
	ck_assert(a.module);
	ck_assert_uint_eq(a.host.mem_total, 1 << 30);
	ck_assert_int_eq(a.wall, 1700000000);	/* the header's clock */
	for (r = a.rows; r < a.rows + 2; r++) {
		const struct row *orig = &export_rows[r - a.rows];

		ck_assert_str_eq(r->name, orig->name);
		for (c = 0; c < NR_COLUMNS; c++) {
			fmt_cell(r, c, cell[0], sizeof(cell[0]));
			fmt_cell(orig, c, cell[1], sizeof(cell[1]));
			ck_assert_str_eq(cell[0], cell[1]);
		}
	}
	ck_assert_uint_eq(a.rows[0].raw.ct.charge, 47 << 20);
	ck_assert_str_eq(a.rows[1].raw.vm.status, "running");
	ck_assert_int_eq(replay_next(f, &b, &a, &nr, why, sizeof(why)), 0);
	ck_assert_uint_eq(b.rows[0].mem_hist.len, 2);
	snapshot_free(&a);
	ck_assert_int_eq(replay_next(f, &a, &b, &nr, why, sizeof(why)), -EPROTO);
	ck_assert_ptr_nonnull(strstr(why, "snapshot 3"));
	snapshot_free(&b);
	fclose(f);

	f = tmpfile();
	ck_assert_int_eq(replay_next(f, &a, NULL, &nr, why, sizeof(why)), -ENODATA);
	fclose(f);
}
END_TEST

/* ---- a guest's CPU%, against a fake QEMU ------------------------------ */

/*
 * The fake QEMU is a forked child that keeps one CPU busy (a thread that
 * spins) and answers QMP on a socket in a run directory of its own:
 * slowly to its first client (FAKE_SLOW_MS for each question), at once
 * to the next; its answers are empty but for its disks.  Its vm.json names it, so libctlab takes it for a live
 * guest.  A real guest nested in the lab VM answers as unevenly.
 */
#define FAKE_SLOW_MS 300
/* Its two disks, as query-blockstats lists them. */
#define FAKE_DISKS "[{\"device\": \"a\", \"stats\": {\"rd_bytes\": 4096, " \
	"\"wr_bytes\": 512}}, {\"device\": \"b\", \"stats\": {\"rd_bytes\": 1}}]"

static char run_dir[64];
static pid_t fake;

static void *spin(void *arg)
{
	volatile unsigned long n = 0;

	(void)arg;
	for (;;)
		n++;
	return NULL;
}

/* Answer each line of @fd with an empty return, after @delay_ms. */
static void fake_answer(int fd, int delay_ms)
{
	char line[1024], out[256];
	const char *id;
	size_t n;

	(void)!write(fd, GREETING_TOP, strlen(GREETING_TOP));
	for (;;) {
		for (n = 0; n + 1 < sizeof(line); n++)
			if (read(fd, line + n, 1) != 1 || line[n] == '\n')
				break;
		if (!n)
			return;
		line[n] = '\0';
		if (delay_ms && !strstr(line, "qmp_capabilities"))
			usleep(delay_ms * 1000);
		id = strstr(line, "\"id\":");
		snprintf(out, sizeof(out), "{\"return\": %s, \"id\": %d}\r\n",
			 strstr(line, "query-blockstats") ? FAKE_DISKS : "{}",
			 id ? atoi(id + 5) : -1);
		(void)!write(fd, out, strlen(out));
	}
}

static void fake_qemu(int lfd)
{
	pthread_t t;
	int fd, nth;

	pthread_create(&t, NULL, spin, NULL);
	for (nth = 0;; nth++) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			_exit(1);
		fake_answer(fd, nth == 0 ? FAKE_SLOW_MS : 0);
		close(fd);
	}
}

static void fake_setup(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char path[160];
	uint64_t start;
	json_t *rec;
	int lfd;

	snprintf(run_dir, sizeof(run_dir), "/tmp/ctlab-check-top-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(run_dir));
	setenv("CTLAB_RUN_DIR", run_dir, 1);
	snprintf(path, sizeof(path), "%s/g1", run_dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/g1/qmp.sock", run_dir);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(lfd, 4), 0);
	fake = fork();
	ck_assert_int_ge(fake, 0);
	if (fake == 0)
		fake_qemu(lfd);
	close(lfd);
	ck_assert_int_eq(ctlab_proc_start_time(fake, &start), 0);
	rec = json_pack("{s:i, s:I, s:I, s:I, s:i, s:s, s:s, s:b, s:b}",
			"pid", (int)fake, "start_time", (json_int_t)start,
			"started_ns", (json_int_t)0, "mem", (json_int_t)(128 << 20),
			"cpus", 1, "accel", "tcg", "image", "guest",
			"disk", 0, "net", 0);
	snprintf(path, sizeof(path), "%s/g1/vm.json", run_dir);
	ck_assert_int_eq(json_dump_file(rec, path, 0), 0);
	json_decref(rec);
}

static void fake_teardown(void)
{
	char cmd[128];

	if (fake > 0) {
		kill(fake, SIGKILL);
		waitpid(fake, NULL, 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", run_dir);
	(void)!system(cmd);
}

/*
 * Two snapshots: the first asks a guest that takes 1.5 s to answer its
 * five QMP questions, the second one that answers at once.  A busy
 * one-vCPU guest is at most 100 % of a CPU however slowly it answers:
 * its CPU time and the clock must be read together (they were not: the
 * CPU time before the questions, the clock after, and an idle guest
 * showed 180 %, and 2185 % in the detail pane's graph).
 */
START_TEST(test_guest_cpu_slow_qmp)
{
	struct snapshot a, b;
	const struct row *g = NULL;
	size_t i;

	sample(&a, NULL, -1, true);
	usleep(100 * 1000);
	sample(&b, &a, -1, true);
	for (i = 0; i < b.nr_rows; i++)
		if (b.rows[i].type == ROW_VM && !strcmp(b.rows[i].name, "g1"))
			g = &b.rows[i];
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(b.nr_vm, 1);
	ck_assert_double_ge(g->cpu_pct, 0);
	ck_assert_double_le(g->cpu_pct, 110);
	/* Its disks, summed, and nothing read since the last snapshot. */
	ck_assert(g->disk.known);
	ck_assert_uint_eq(g->disk.in, 4097);
	ck_assert_uint_eq(g->disk.out, 512);
	ck_assert_double_eq(g->disk.rate, 0);
	ck_assert(!g->net.known);
	snapshot_free(&a);
	snapshot_free(&b);
}
END_TEST

Suite *top_suite(void)
{
	Suite *s = suite_create("top");
	TCase *tc = tcase_create("format");

	tcase_add_loop_test(tc, test_uptime, 0,
			    sizeof(uptime_cases) / sizeof(uptime_cases[0]));
	tcase_add_test(tc, test_bar);
	tcase_add_test(tc, test_sparkline);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_fit);
	tcase_add_test(tc, test_sort_keys);
	tcase_add_test(tc, test_view);
	tcase_add_test(tc, test_history);
	tcase_add_test(tc, test_cpu_rate);
	tcase_add_test(tc, test_peak_not_below);
	tcase_add_test(tc, test_counter_rate);
	tcase_add_test(tc, test_dead_guest);
	suite_add_tcase(s, tc);
	tc = tcase_create("guest");
	tcase_add_checked_fixture(tc, fake_setup, fake_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_guest_cpu_slow_qmp);
	suite_add_tcase(s, tc);
	tc = tcase_create("export");
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_json_snapshot);
	tcase_add_test(tc, test_explain);
	tcase_add_test(tc, test_explain_account);
	tcase_add_test(tc, test_replay);
	suite_add_tcase(s, tc);
	return s;
}
