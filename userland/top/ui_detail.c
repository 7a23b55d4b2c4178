// SPDX-License-Identifier: GPL-2.0
/*
 * ui_detail.c: the detail pane (Enter), its explain view (e), the sort
 * menu (F6) and the help screen (F1).
 *
 * The pane lists the selected row's figures (explain.c), each with a few
 * words on where it comes from, dimmed, and below them sparklines of the
 * last 60 samples of memory and CPU.  In the explain view a cursor moves
 * over the figures (Up, Down), and the lines of the sparklines say
 * exactly where the figure under it was read and the raw value read
 * there: what a student would otherwise dig out of the source.
 */
#include <string.h>

#include "ui.h"


/* A figure's line: label, figure, then its source, dimmed. */
static void figure_line(const struct ui *ui, int y, const struct figure *f,
			bool cursor)
{
	if (cursor)
		attrset(attr(ui, UI_SELECT));
	ui_mvprint(y, 1, "%-14s", f->label);
	attrset(A_NORMAL);
	ui_print(" %-34s ", f->value);
	attrset(attr(ui, UI_DIM));
	ui_print("%s", f->note);
	attrset(A_NORMAL);
}

/* The explain view's two lines: where the figure is read, and what. */
static void explain_lines(const struct ui *ui, int y, const struct row *r,
			  const struct figure *f)
{
	attrset(attr(ui, UI_TITLE));
	ui_mvprint(y, 1, "%-14s ", "read from");
	attrset(A_NORMAL);
	ui_print("%s", figure_where(f, r->type));
	attrset(attr(ui, UI_TITLE));
	ui_mvprint(y + 1, 1, "%-14s ", "raw value");
	attrset(A_NORMAL);
	ui_print("%s", f->raw);
}

/* The largest value in @h, or @floor if that is larger. */
static float history_max(const struct history *h, float floor)
{
	unsigned int i;

	for (i = 0; i < h->len; i++)
		if (history_get(h, i) > floor)
			floor = history_get(h, i);
	return floor;
}

/* A sparkline of @h, scaled to @max, which @max_text names, as wide as
 * the screen allows, up to one mark per sample. */
static void spark(const struct ui *ui, int y, const char *what,
		  const struct history *h, float max, const char *max_text)
{
	float v[HISTORY_LEN];
	char buf[HISTORY_LEN * 3 + 1];
	int width = COLS - 16 - (int)strlen(max_text) - 2;
	unsigned int i;

	if (width > HISTORY_LEN)
		width = HISTORY_LEN;
	if (width < 4)
		return;
	for (i = 0; i < h->len; i++)
		v[i] = history_get(h, i);
	fmt_sparkline(v, h->len, max, (unsigned int)width, ui->utf8, buf,
		      sizeof(buf));
	ui_mvprint(y, 1, "%-14s ", what);
	attrset(attr(ui, UI_GOOD));
	addstr(buf);	/* not ui_print(): its limit counts bytes */
	attrset(A_NORMAL);
	ui_print(" %s", max_text);
}

/* "init PID 42", or nothing when nothing runs. */
static const char *pid_text(const struct row *r)
{
	static char buf[32];

	if (!r->pid)
		return "";
	snprintf(buf, sizeof(buf), ", %s PID %d",
		 r->type == ROW_CT ? "init" : "QEMU", (int)r->pid);
	return buf;
}

size_t ui_figures(const struct ui *ui)
{
	struct figure f[MAX_FIGURES];

	if (!ui->nr_shown)
		return 0;
	return row_figures(&ui->snap.rows[ui->order[ui->selected]], f,
			   MAX_FIGURES);
}

void ui_draw_detail(const struct ui *ui, const struct row *r, int top,
		    int lines)
{
	struct figure f[MAX_FIGURES];
	char title[192], max[32];
	size_t n, i, room, first;
	float peak;
	uint64_t scale;

	mvhline(top, 0, ACS_HLINE, COLS);
	snprintf(title, sizeof(title), " %s %s: %s%s%s ",
		 r->type == ROW_CT ? "container" : "guest", r->name, r->state,
		 pid_text(r), ui->explain ? "   explain: Up Down, Esc ends" :
		 "   e explains");
	attrset(attr(ui, UI_TITLE));
	ui_mvprint(top, 2, "%s", title);
	attrset(A_NORMAL);
	n = row_figures(r, f, MAX_FIGURES);
	/* Fewer lines than figures: the one explained stays in sight. */
	room = lines > 3 ? (size_t)lines - 3 : 1;
	first = ui->explain && ui->figure >= room ? ui->figure - room + 1 : 0;
	for (i = first; i < n && i - first < room; i++)
		figure_line(ui, top + 1 + (int)(i - first), &f[i],
			    ui->explain && i == ui->figure);
	if (ui->explain && ui->figure < n) {
		explain_lines(ui, top + lines - 2, r, &f[ui->figure]);
		return;
	}
	/*
	 * Memory against what it may hold: a container's limit, else the
	 * host's memory (a guest's QEMU is held to neither its RAM nor the
	 * balloon).  Scaled to its own largest value, an idle container of
	 * a few pages would draw a full graph.
	 */
	if (r->type == ROW_CT && r->limit) {
		scale = r->limit;
		snprintf(max, sizeof(max), "of %s limit", size_text(scale));
	} else {
		scale = ui->snap.host.mem_total;
		snprintf(max, sizeof(max), "of %s host", size_text(scale));
	}
	spark(ui, top + lines - 2, "memory", &r->mem_hist, (float)scale, max);
	/* A scale of one CPU, or more if a guest's vCPUs used more. */
	peak = history_max(&r->cpu_hist, 100);
	snprintf(max, sizeof(max), "top %.0f%%", peak);
	spark(ui, top + lines - 1, "CPU", &r->cpu_hist, peak, max);
}

void ui_draw_sort_menu(const struct ui *ui)
{
	int c;

	attrset(attr(ui, UI_TITLE));
	ui_mvprint(0, 0, "Sort by (Up Down, Enter sorts, Esc goes back)");
	attrset(A_NORMAL);
	for (c = 0; c < NR_COLUMNS && c + 2 < LINES; c++) {
		attrset(c == (int)ui->sort_pick ? attr(ui, UI_SELECT) : (int)A_NORMAL);
		ui_mvprint(c + 2, 2, "%-8s", columns[c].title);
		attrset(A_NORMAL);
		ui_print("  %s%s", columns[c].meaning,
			 c == (int)ui->opt.view.sort ? "   (now)" : "");
	}
}

void ui_draw_help(const struct ui *ui)
{
	static const char *const text[] = {
		"ctlab top: containers (CT) and QEMU guests (VM) in one table",
		"",
		"  Up Down PgUp PgDn Home End   move the selection",
		"  Enter     the detail pane: where each memory figure comes from",
		"  e         explain: where exactly each figure of the pane is",
		"            read (ioctl, file, QMP command), and its raw value",
		"  Esc       closes the explain view, the detail pane, a menu",
		"  F6        sort by a column; M P N T memory, CPU, name, uptime;",
		"            < > the column to the left or right; I reverses",
		"  F3        search: select the next row whose name holds the text",
		"  F4 / \\    filter by name (Enter keeps it, Esc clears it)",
		"  t         show both, containers only, guests only",
		"  s  F9 k   stop (SIGTERM; a guest: ACPI power off) or kill the",
		"            selected container or guest, after a y/n question",
		"  + -       refresh less or more often",
		"  F1 h      this help; F10 q quits",
		"",
	};
	size_t i;
	int y, c;

	attrset(attr(ui, UI_TITLE));
	ui_mvprint(0, 0, "%s", text[0]);
	attrset(A_NORMAL);
	for (i = 1; i < ARRAY_SIZE(text) && (int)i < LINES; i++)
		ui_mvprint((int)i, 0, "%s", text[i]);
	/* What each column means, from the columns' own table. */
	y = (int)i;
	for (c = 0; c < NR_COLUMNS && y < LINES - 1; c++, y++)
		ui_mvprint(y, 2, "%-8s %s", columns[c].title, columns[c].meaning);
	if (y < LINES)
		ui_mvprint(y + 1 < LINES ? y + 1 : y, 0, "Press any key to go back.");
}
