// SPDX-License-Identifier: GPL-2.0
/*
 * ui_draw.c: the screen of `ctlab top`, top to bottom.
 *
 *   ctlab top 12:00:01   host CPU  23% of 2   memory 1.2G of 2.0G free
 *   ctlab.ko ABI 1.1   3 containers, 1 guest   sort MEM   every 2.0 s
 *
 *   TYPE NAME     STATE    PID    CPU%  MEM  PEAK LIMIT USE      ...
 *   CT   grower   running  4242   12.0  47M   48M   48M [||||||] ...
 *   VM   guest    booting  4300   99.8  90M   90M  128M [|||   ] ...
 *   ...
 *   (the detail pane, with Enter)
 *   F1 help  Enter detail  F3 search  F4 filter  F6 sort ...
 *
 * It redraws everything each time: at a few frames a second, curses
 * sends only what changed to the terminal anyway.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui.h"

#define HEADER_LINES 3	/* two lines of summary, one for a notice */

/*
 * The line a print filled to the right edge in this frame, or -1.  Once
 * curses writes the last column it moves the cursor to the next line,
 * where what follows would land: so the last column is written with
 * insch(), which leaves the cursor where it is, and the line is full.
 */
static int full_line = -1;

static void print_clipped(const char *fmt, va_list ap)
{
	char buf[512];
	int y = getcury(stdscr), room = COLS - getcurx(stdscr);
	size_t len;

	if (room <= 0 || (y == full_line && room == 1))
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	len = strlen(buf);
	if (len < (size_t)room) {
		addstr(buf);
		return;
	}
	addnstr(buf, room - 1);
	if (!(buf[room - 1] & 0x80))	/* one column, surely */
		insch((unsigned char)buf[room - 1]);
	full_line = y;
}

void ui_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_clipped(fmt, ap);
	va_end(ap);
}

void ui_mvprint(int y, int x, const char *fmt, ...)
{
	va_list ap;

	move(y, x);
	va_start(ap, fmt);
	print_clipped(fmt, ap);
	va_end(ap);
}

int attr(const struct ui *ui, enum ui_colour c)
{
	if (ui->colour)
		return COLOR_PAIR(c) | (c == UI_TITLE ? A_BOLD : 0);
	/* Monochrome: emphasis only where it carries meaning; the column
	 * titles and the selected row must not look alike. */
	switch (c) {
	case UI_TITLE:
	case UI_BAD:
		return A_BOLD;
	case UI_DIM:
		return A_DIM;
	case UI_HEADER:
		return A_BOLD | A_UNDERLINE;
	case UI_SELECT:
		return A_REVERSE;
	default:
		return A_NORMAL;
	}
}

/* Is there room for the detail pane below at least two rows? */
static bool detail_fits(void)
{
	return LINES >= HEADER_LINES + 1 + 2 + DETAIL_LINES + 1;
}

int ui_detail_lines(const struct ui *ui)
{
	int want = 1 + (int)ui_figures(ui) + 2,
	    room = LINES - HEADER_LINES - 2 - 5;

	if (want > room)
		want = room;
	return want > DETAIL_LINES ? want : DETAIL_LINES;
}

int ui_table_lines(const struct ui *ui)
{
	int lines = LINES - HEADER_LINES - 2;	/* column titles, status */

	if (ui->detail)	/* the pane, or a line saying it does not fit */
		lines -= detail_fits() ? ui_detail_lines(ui) : 1;
	return lines > 1 ? lines : 1;
}

static void draw_header(const struct ui *ui)
{
	const struct snapshot *s = &ui->snap;
	char total[16], avail[16], clock[16];
	time_t now = s->wall ? (time_t)s->wall : time(NULL);

	strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&now));
	ctlab_size_format(s->host.mem_total, total, sizeof(total));
	ctlab_size_format(s->host.mem_available, avail, sizeof(avail));
	attrset(attr(ui, UI_TITLE));
	ui_mvprint(0, 0, "ctlab top %s", clock);
	attrset(A_NORMAL);
	ui_print("   host CPU %3.0f%% of %u   memory %s of %s available",
	       s->host.cpu_pct < 0 ? 0 : s->host.cpu_pct, s->host.nr_cpus,
	       avail, total);
	ui_mvprint(1, 0, "%u container%s, %u guest%s   ", s->nr_ct,
		   s->nr_ct == 1 ? "" : "s", s->nr_vm, s->nr_vm == 1 ? "" : "s");
	if (s->module)
		ui_print("ctlab.ko ABI %u.%u   ", s->version.abi_major,
			 s->version.abi_minor);
	ui_print("sort %s%s   every %.1f s", column_title(ui->opt.view.sort),
		 ui->opt.view.reverse ? " (reversed)" : "", ui->opt.delay);
	if (ui->opt.view.filter[0])
		ui_print("   filter \"%s\"", ui->opt.view.filter);
	if (ui->opt.view.show != SHOW_BOTH)
		ui_print("   %s only",
			 ui->opt.view.show == SHOW_CT ? "containers" : "guests");
	/* The third line is for a notice: a replay, or why there are no
	 * containers. */
	if (ui->opt.replay) {
		attrset(attr(ui, UI_WARN));
		ui_mvprint(2, 0, "replay of %s: snapshot %ld%s",
			   ui->opt.replay_name, ui->sample_nr,
			   ui->replay_done ? ", the last" : "");
		attrset(A_NORMAL);
	} else if (!s->module) {
		attrset(attr(ui, UI_WARN));
		ui_mvprint(2, 0, "no containers: %s", ui->module_why);
		attrset(A_NORMAL);
	}
}

static enum ui_colour state_colour(const struct row *r)
{
	if (!strcmp(r->state, "running"))
		return UI_GOOD;
	if (!strcmp(r->state, "booting") || !strcmp(r->state, "created"))
		return UI_WARN;
	return UI_BAD;
}

/* The use bar: green, then yellow past 75%, red past 95%. */
static void draw_bar(const struct ui *ui, const struct row *r,
		     unsigned int width, bool selected)
{
	double frac = row_use(r);
	char bar[64];

	if (width < 3 || width - 2 >= sizeof(bar) - 3)
		return;
	fmt_bar(frac, width - 2, bar, sizeof(bar));
	attrset(attr(ui, frac > 0.95 ? UI_BAD : frac > 0.75 ? UI_WARN : UI_GOOD));
	if (!r->limit)
		attrset(attr(ui, UI_DIM));
	if (selected)
		attrset(attr(ui, UI_SELECT));
	ui_print("%s", bar);
	attrset(A_NORMAL);
}

/* The attribute of @r's cell in @col: colour where it means something. */
static int cell_attr(const struct ui *ui, const struct row *r,
		     enum column col)
{
	if (col == COL_TYPE)
		return attr(ui, r->type == ROW_CT ? UI_CT : UI_VM);
	if (col == COL_STATE)
		return attr(ui, state_colour(r));
	if (col == COL_FAILCNT && r->failcnt)
		return attr(ui, UI_BAD);
	return A_NORMAL;
}

/*
 * One row.  The selected one is drawn in the selection's colours (or
 * reverse video), whole, and the column titles in theirs: they must
 * never look alike.  A name cut short keeps its start and its end,
 * "grow~r-2": two long names that differ at the end still differ.
 */
static void draw_row(const struct ui *ui, const struct row *r, int y,
		     const unsigned int width[NR_COLUMNS], bool selected)
{
	const int sel = attr(ui, UI_SELECT);
	unsigned int c;
	char cell[64], fit[64];

	move(y, 0);
	if (selected) {
		attrset(sel);
		hline(' ', COLS);
	}
	for (c = 0; c < NR_COLUMNS; c++) {
		if (!width[c])
			continue;
		if (c == COL_BAR) {
			draw_bar(ui, r, width[c], selected);
			attrset(selected ? sel : (int)A_NORMAL);
			ui_print(" ");
			continue;
		}
		fmt_cell(r, c, cell, sizeof(cell));
		fmt_fit(cell, width[c], c == COL_NAME, fit, sizeof(fit));
		attrset(selected ? sel : cell_attr(ui, r, c));
		ui_print(columns[c].left ? "%-*s" : "%*s", (int)width[c], fit);
		attrset(selected ? sel : (int)A_NORMAL);
		ui_print(" ");
	}
	attrset(A_NORMAL);
}

static void draw_table(const struct ui *ui)
{
	unsigned int width[NR_COLUMNS], c;
	int y = HEADER_LINES, lines = ui_table_lines(ui);
	const int head = attr(ui, UI_HEADER);
	size_t i;

	layout_columns((unsigned int)COLS,
		       view_longest_name(&ui->snap, ui->order, ui->nr_shown),
		       width);
	move(y, 0);
	attrset(head);
	hline(' ', COLS);	/* the title line runs to the edge, like htop's */
	for (c = 0; c < NR_COLUMNS; c++) {
		if (!width[c])
			continue;
		attrset(c == ui->opt.view.sort ? head | (int)A_BOLD : head);
		ui_print(columns[c].left ? "%-*s" : "%*s", (int)width[c],
			 column_title(c));
		attrset(head);
		ui_print(" ");
	}
	attrset(A_NORMAL);
	for (i = ui->first; i < ui->nr_shown && (int)(i - ui->first) < lines; i++)
		draw_row(ui, &ui->snap.rows[ui->order[i]], ++y, width,
			 i == ui->selected);
	if (!ui->nr_shown)
		ui_mvprint(y + 1, 0, "%s", ui->snap.nr_rows ?
			 "(no row matches: F4 changes the filter, t the types)" :
			 "(no containers or guests: ctlab run -d NAME CMD, ctlab vm start NAME)");
}

static void draw_status(const struct ui *ui)
{
	move(LINES - 1, 0);
	clrtoeol();
	if (ui->prompt[0]) {
		attrset(A_BOLD);
		ui_print("%s", ui->prompt);
		attrset(A_NORMAL);
		return;
	}
	if (ui->message[0]) {
		ui_print("%s", ui->message);
		return;
	}
	attrset(attr(ui, UI_DIM));
	/* At most 80 columns, a serial console's: the rest is in the help. */
	ui_print("F1 help  Enter detail  F3 search  F4 filter  F6 sort  F9 kill  F10 quit");
	attrset(A_NORMAL);
}

void ui_draw(struct ui *ui)
{
	erase();
	full_line = -1;
	if (ui->help) {
		ui_draw_help(ui);
		refresh();
		return;
	}
	if (ui->sort_menu) {
		ui_draw_sort_menu(ui);
		refresh();
		return;
	}
	draw_header(ui);
	draw_table(ui);
	if (ui->detail && ui->nr_shown && detail_fits())
		ui_draw_detail(ui, &ui->snap.rows[ui->order[ui->selected]],
			       LINES - 1 - ui_detail_lines(ui),
			       ui_detail_lines(ui));
	/* Above the key line, never over it: the keys say how to go on. */
	if (ui->detail && !detail_fits())
		ui_mvprint(LINES - 2, 0, "(%d lines are too few for the detail pane: Esc closes it)",
			   LINES);
	draw_status(ui);
	refresh();
}
