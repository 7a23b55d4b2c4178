// SPDX-License-Identifier: GPL-2.0
/*
 * view.c: which rows the table shows, and in which order.
 *
 * Like htop: one sort column at a time, each with its natural order
 * (names A to Z, figures biggest first), which `reverse` turns around;
 * a filter that keeps the rows whose name contains a string; and a type
 * switch, containers, guests or both.  Ties keep a fixed order (by type,
 * then name), so rows do not jump about between refreshes.
 */
#include <stdlib.h>
#include <string.h>

#include "top.h"

static const char *const titles[NR_COLUMNS] = {
	[COL_TYPE] = "TYPE", [COL_NAME] = "NAME", [COL_STATE] = "STATE",
	[COL_PID] = "PID", [COL_CPU] = "CPU%", [COL_MEM] = "MEM",
	[COL_PEAK] = "PEAK", [COL_LIMIT] = "LIMIT", [COL_BAR] = "USE",
	[COL_TASKS] = "TASKS", [COL_UPTIME] = "UPTIME",
	[COL_FAILCNT] = "FAILCNT",
};

const char *column_title(enum column col)
{
	return col < NR_COLUMNS ? titles[col] : "?";
}

/* -1, 0, 1 as a < b, a == b, a > b. */
#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static double use_of_limit(const struct row *r)
{
	return r->limit ? (double)r->used / r->limit : 0;
}

/* Natural order of @col: text ascending, figures descending. */
static int compare_by(const struct row *a, const struct row *b,
		      enum column col)
{
	switch (col) {
	case COL_TYPE:
		return CMP(a->type, b->type);
	case COL_NAME:
		return strcmp(a->name, b->name);
	case COL_STATE:
		return strcmp(a->state, b->state);
	case COL_PID:
		return CMP(a->pid, b->pid);
	case COL_CPU:
		return -CMP(a->cpu_pct, b->cpu_pct);
	case COL_MEM:
		return -CMP(a->mem, b->mem);
	case COL_PEAK:
		return -CMP(a->peak, b->peak);
	case COL_LIMIT:
		return -CMP(a->limit, b->limit);
	case COL_BAR:
		return -CMP(use_of_limit(a), use_of_limit(b));
	case COL_TASKS:
		return -CMP(a->tasks, b->tasks);
	case COL_UPTIME:
		return -CMP(a->uptime_s, b->uptime_s);
	case COL_FAILCNT:
		return -CMP(a->failcnt, b->failcnt);
	case NR_COLUMNS:
		break;
	}
	return 0;
}

/* qsort() has no context argument: the view being sorted by, and its rows. */
static const struct view *sort_view;
static const struct row *sort_rows;

static int compare_index(const void *pa, const void *pb)
{
	const struct row *a = &sort_rows[*(const size_t *)pa];
	const struct row *b = &sort_rows[*(const size_t *)pb];
	int c = compare_by(a, b, sort_view->sort);

	if (sort_view->reverse)
		c = -c;
	if (!c)
		c = compare_by(a, b, COL_TYPE);
	if (!c)
		c = compare_by(a, b, COL_NAME);
	return c;
}

static bool shown(const struct view *v, const struct row *r)
{
	if (v->show == SHOW_CT && r->type != ROW_CT)
		return false;
	if (v->show == SHOW_VM && r->type != ROW_VM)
		return false;
	return !v->filter[0] || strstr(r->name, v->filter);
}

size_t view_rows(const struct view *v, const struct snapshot *snap,
		 size_t *out)
{
	size_t i, n = 0;

	for (i = 0; i < snap->nr_rows; i++)
		if (shown(v, &snap->rows[i]))
			out[n++] = i;
	sort_view = v;
	sort_rows = snap->rows;
	qsort(out, n, sizeof(*out), compare_index);
	return n;
}

enum column view_sort_next(enum column col, int dir)
{
	int next = ((int)col + dir + NR_COLUMNS) % NR_COLUMNS;

	return (enum column)next;
}
