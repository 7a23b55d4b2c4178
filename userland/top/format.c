// SPDX-License-Identifier: GPL-2.0
/*
 * format.c: numbers as the few characters a table cell has room for.
 *
 * Sizes are binary (K = 1024), like top and htop; a cell never grows
 * past its column, so the table stays aligned however big a figure gets.
 * Nothing here knows about curses: the same strings go to the screen, to
 * batch mode and to the unit tests.
 */
#include <stdio.h>
#include <string.h>

#include "top.h"

void fmt_size(uint64_t bytes, char *buf, size_t len)
{
	const double mib = 1024.0 * 1024, gib = mib * 1024;

	if (bytes < 1024)
		snprintf(buf, len, "%u", (unsigned int)bytes);
	else if (bytes < 1024 * 1024)
		snprintf(buf, len, "%uK", (unsigned int)(bytes >> 10));
	else if (bytes < 10 * mib)
		snprintf(buf, len, "%.1fM", bytes / mib);
	else if (bytes < 1000 * mib)
		snprintf(buf, len, "%.0fM", bytes / mib);
	else if (bytes < 10 * gib)
		snprintf(buf, len, "%.1fG", bytes / gib);
	else if (bytes < 10000 * gib)
		snprintf(buf, len, "%.0fG", bytes / gib);
	else if (bytes < 10000 * gib * 1024)
		snprintf(buf, len, "%.0fT", bytes / gib / 1024);
	else if (bytes < 10000 * gib * 1024 * 1024)
		snprintf(buf, len, "%.0fP", bytes / gib / 1024 / 1024);
	else	/* 2^64 is 16E: never more than 5 characters */
		snprintf(buf, len, "%.0fE", bytes / gib / 1024 / 1024 / 1024);
}

void fmt_uptime(double seconds, char *buf, size_t len)
{
	unsigned long s = (unsigned long)seconds;

	if (seconds < 0)
		snprintf(buf, len, "-");
	else if (s < 3600)
		snprintf(buf, len, "%lu:%02lu", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%lud%02luh", s / 86400, s / 3600 % 24);
}

void fmt_bar(double frac, unsigned int width, char *buf, size_t len)
{
	unsigned int i, filled;

	if (len < width + 3) {
		if (len)
			buf[0] = '\0';
		return;
	}
	if (!(frac > 0))	/* also NaN */
		frac = 0;
	if (frac > 1)
		frac = 1;
	filled = (unsigned int)(frac * width + 0.5);
	buf[0] = '[';
	for (i = 0; i < width; i++)
		buf[1 + i] = i < filled ? '|' : ' ';
	buf[width + 1] = ']';
	buf[width + 2] = '\0';
}

void fmt_sparkline(const float *values, unsigned int n, float max,
		   unsigned int width, bool utf8, char *buf, size_t len)
{
	/* U+2581..U+2588, lower one eighth block to full block. */
	static const char *const blocks[] = {
		" ", "\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char ascii[] = " .:-=+*#%@";
	const unsigned int levels = utf8 ? 8 : sizeof(ascii) - 2;
	unsigned int i, first = n > width ? n - width : 0, pad, at = 0;

	if (len < width * 3 + 1) {
		if (len)
			buf[0] = '\0';
		return;
	}
	pad = width - (n - first);
	for (i = 0; i < pad; i++)
		buf[at++] = ' ';
	for (i = first; i < n; i++) {
		float v = values[i];
		unsigned int level = 0;

		/* Anything above zero shows at least the lowest mark. */
		if (v > 0 && max > 0) {
			level = (unsigned int)(v / max * levels + 0.999f);
			if (level < 1)
				level = 1;
			if (level > levels)
				level = levels;
		}
		if (utf8) {
			strcpy(buf + at, blocks[level]);
			at += strlen(blocks[level]);
		} else {
			buf[at++] = ascii[level];
		}
	}
	buf[at] = '\0';
}

/* ---- the table's columns --------------------------------------------- */

struct column_size {
	unsigned int min, max;
};

static const struct column_size sizes[NR_COLUMNS] = {
	[COL_TYPE] = { 4, 4 }, [COL_NAME] = { 8, 16 }, [COL_STATE] = { 8, 8 },
	[COL_PID] = { 7, 7 }, [COL_CPU] = { 5, 5 }, [COL_MEM] = { 5, 5 },
	[COL_PEAK] = { 5, 5 }, [COL_LIMIT] = { 5, 5 }, [COL_BAR] = { 8, 22 },
	[COL_TASKS] = { 5, 5 }, [COL_UPTIME] = { 7, 7 },
	[COL_FAILCNT] = { 7, 7 },
};

/* What goes first when the terminal is too narrow for everything. */
static const enum column drop_order[] = {
	COL_PID, COL_BAR, COL_UPTIME, COL_PEAK, COL_TASKS, COL_FAILCNT,
	COL_STATE,
};

/* Widths plus a space between each two shown columns. */
static unsigned int line_width(const unsigned int width[NR_COLUMNS])
{
	unsigned int c, total = 0, shown = 0;

	for (c = 0; c < NR_COLUMNS; c++) {
		if (width[c]) {
			total += width[c];
			shown++;
		}
	}
	return shown ? total + shown - 1 : 0;
}

/* Widen @col by as much of @spare as it can take. */
static void widen(unsigned int width[NR_COLUMNS], enum column col,
		  unsigned int *spare)
{
	unsigned int more;

	if (!width[col])
		return;
	more = sizes[col].max - width[col];
	if (more > *spare)
		more = *spare;
	width[col] += more;
	*spare -= more;
}

unsigned int layout_columns(unsigned int cols, unsigned int width[NR_COLUMNS])
{
	unsigned int c, d = 0, spare;

	for (c = 0; c < NR_COLUMNS; c++)
		width[c] = sizes[c].min;
	while (line_width(width) > cols && d < ARRAY_SIZE(drop_order))
		width[drop_order[d++]] = 0;
	if (line_width(width) > cols)
		return line_width(width);	/* too narrow: cut at the edge */
	spare = cols - line_width(width);
	widen(width, COL_NAME, &spare);
	widen(width, COL_BAR, &spare);
	return line_width(width);
}

void fmt_cell(const struct row *r, enum column col, char *buf, size_t len)
{
	switch (col) {
	case COL_TYPE:
		snprintf(buf, len, "%s", r->type == ROW_CT ? "CT" : "VM");
		break;
	case COL_NAME:
		snprintf(buf, len, "%s", r->name);
		break;
	case COL_STATE:
		snprintf(buf, len, "%s", r->state);
		break;
	case COL_PID:
		if (r->pid)
			snprintf(buf, len, "%d", (int)r->pid);
		else
			snprintf(buf, len, "-");
		break;
	case COL_CPU:
		if (r->cpu_pct < 0)
			snprintf(buf, len, "-");
		else
			snprintf(buf, len, "%.1f", r->cpu_pct);
		break;
	case COL_MEM:
		fmt_size(r->mem, buf, len);
		break;
	case COL_PEAK:
		fmt_size(r->peak, buf, len);
		break;
	case COL_LIMIT:
		if (r->limit)
			fmt_size(r->limit, buf, len);
		else
			snprintf(buf, len, "-");
		break;
	case COL_TASKS:
		snprintf(buf, len, "%u", r->tasks);
		break;
	case COL_UPTIME:
		fmt_uptime(r->uptime_s, buf, len);
		break;
	case COL_FAILCNT:
		if (r->type == ROW_VM)
			snprintf(buf, len, "-");
		else
			snprintf(buf, len, "%llu", (unsigned long long)r->failcnt);
		break;
	case COL_BAR:	/* as text: the share of the limit in use */
		if (r->limit)
			snprintf(buf, len, "%.0f%%", 100.0 * r->used / r->limit);
		else
			snprintf(buf, len, "-");
		break;
	case NR_COLUMNS:
		buf[0] = '\0';
		break;
	}
}
