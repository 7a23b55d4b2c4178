/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ui.h: what the curses side of `ctlab top` shares (ui_main.c reads keys
 * and runs the loop, ui_draw.c draws the table, ui_detail.c the detail
 * pane and the help).  Only ui_*.c include curses.
 */
#ifndef CTLAB_TOP_UI_H
#define CTLAB_TOP_UI_H

#include <curses.h>

#include "top.h"

/* Colour pairs; attr() gives a monochrome stand-in without colour. */
enum ui_colour {
	UI_TITLE = 1, UI_CT, UI_VM, UI_GOOD, UI_WARN, UI_BAD, UI_DIM,
	UI_HEADER,		/* the column titles */
	UI_SELECT,		/* the selected row */
};

/* Everything the screen shows, and what the user has chosen. */
struct ui {
	struct top_options opt;
	struct snapshot snap;
	size_t *order;		/* view_rows() of snap */
	size_t nr_shown;
	size_t selected;	/* index into order */
	size_t first;		/* the first row on screen */
	char sel_name[CTLAB_NAME_MAX];	/* the selected row stays selected */
	enum row_type sel_type;	/* across re-sorting, by type and name */
	bool detail, help;
	bool explain;		/* the detail pane explains a figure */
	size_t figure;		/* which one */
	bool sort_menu;		/* F6: pick the sort column */
	enum column sort_pick;	/* the column the menu points at */
	bool utf8, colour;
	char module_why[80];	/* why there are no containers */
	char message[128];	/* the status line's news, or "" */
	char prompt[96];	/* a question or the filter being typed */
	char search[64];	/* F3's text */
	long sample_nr;		/* full refreshes so far; a replay's snapshot */
	bool replay_done;	/* the recording has no more */
};

/*
 * ui_print(), ui_mvprint() - printw() that stops at the right edge:
 * curses would wrap a long line onto the next one and spoil the layout.
 */
__attribute__((format(printf, 1, 2)))
void ui_print(const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
void ui_mvprint(int y, int x, const char *fmt, ...);

/* attr() - the attribute for @c: its colour, or a monochrome stand-in. */
int attr(const struct ui *ui, enum ui_colour c);

/* Draw the whole screen from ui->snap. */
void ui_draw(struct ui *ui);
/* The lines the table may use (the screen less header, pane, status). */
int ui_table_lines(const struct ui *ui);

void ui_draw_detail(const struct ui *ui, const struct row *r, int top,
		    int lines);
void ui_draw_help(const struct ui *ui);
void ui_draw_sort_menu(const struct ui *ui);
/* The number of figures the selected row's detail pane shows. */
size_t ui_figures(const struct ui *ui);
/* Lines the detail pane takes when shown: a title, the figures, two
 * sparklines (or, explaining, where the figure is read and its value). */
#define DETAIL_LINES (1 + 8 + 2)	/* the least: a title, 8 figures, 2 */
/* The detail pane's lines: as many as its figures, leaving the table 5. */
int ui_detail_lines(const struct ui *ui);

#endif
