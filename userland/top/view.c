// SPDX-License-Identifier: GPL-2.0
/*
 * view.c: which rows the table shows, and in which order.
 *
 * Like htop: one sort column at a time, each with its natural order
 * (names A to Z, figures biggest first), which `reverse` turns around;
 * a filter that keeps the rows whose name contains a string; and a type
 * switch, containers, guests or both.  Ties keep a fixed order (by type,
 * then name), so rows do not jump about between refreshes.  Each
 * column's natural order is in its entry of columns.c.
 */
#include <stdlib.h>
#include <string.h>

#include "top.h"

/* qsort() has no context argument: the view being sorted by, and its rows. */
static const struct view *sort_view;
static const struct row *sort_rows;

static int compare_index(const void *pa, const void *pb)
{
	const struct row *a = &sort_rows[*(const size_t *)pa];
	const struct row *b = &sort_rows[*(const size_t *)pb];
	int c = column_compare(a, b, sort_view->sort);

	if (sort_view->reverse)
		c = -c;
	if (!c)
		c = column_compare(a, b, COL_TYPE);
	if (!c)
		c = column_compare(a, b, COL_NAME);
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

unsigned int view_longest_name(const struct snapshot *snap, const size_t *order,
			       size_t n)
{
	unsigned int most = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(snap->rows[order[i]].name) > most)
			most = (unsigned int)strlen(snap->rows[order[i]].name);
	return most;
}
