// SPDX-License-Identifier: GPL-2.0
/*
 * ui_detail.c: the detail pane (Enter) and the help screen (h).
 *
 * The detail pane is the memory reconciliation no other tool shows: the
 * same memory counted by different parts of the system, side by side,
 * each figure labelled with where it comes from.
 *
 *   container: what its processes hold (RSS: anon, file, shmem; the
 *              module's sample) beside what its cgroup is charged (RSS
 *              plus page cache and kernel memory, less pages another
 *              cgroup paid for) and the limit the charge is held to
 *   guest:     QEMU's RSS and PSS (the host's /proc), the part of it
 *              that is guest RAM, the RAM the guest was given and what
 *              the balloon leaves it (QMP), and the guest's own MemTotal,
 *              MemFree and MemAvailable (its balloon driver's report)
 *
 * Below: sparklines of the last 60 samples of memory and CPU.
 */
#include <string.h>

#include "ui.h"

/* "1.5M" into one of a few rotating buffers, for use in one ui_print(). */
static const char *sz(uint64_t bytes)
{
	static char buf[8][16];
	static unsigned int next;
	char *b = buf[next++ % 8];

	fmt_size(bytes, b, 16);
	return b;
}

/* A labelled line: figure, then its source, dimmed. */
static void line(const struct ui *ui, int y, const char *what,
		 const char *figure, const char *source)
{
	ui_mvprint(y, 1, "%-14s %-34s ", what, figure);
	attrset(attr(ui, UI_DIM));
	ui_print("%s", source);
	attrset(A_NORMAL);
}

static void container_detail(const struct ui *ui, const struct row *r, int y)
{
	const struct ctlab_stats *st = &r->raw.ct;
	char fig[64];

	snprintf(fig, sizeof(fig), "%s  (anon %s, file %s, shmem %s)",
		 sz(st->rss), sz(st->rss_anon), sz(st->rss_file),
		 sz(st->rss_shmem));
	line(ui, y++, "RSS", fig, "module: VmRSS summed, each mm once");
	snprintf(fig, sizeof(fig), "%s", sz(st->rss_peak));
	line(ui, y++, "RSS peak", fig, "module: the most seen (maxheld)");
	snprintf(fig, sizeof(fig), "%s  (peak %s)", sz(st->charge),
		 sz(st->charge_peak));
	line(ui, y++, "cgroup charge", fig,
	     "memory.current: RSS + page cache + kernel");
	if (st->limit)
		snprintf(fig, sizeof(fig), "%s  (failcnt %llu, OOM kills %llu)",
			 sz(st->limit), (unsigned long long)st->failcnt,
			 (unsigned long long)st->oom_kills);
	else
		snprintf(fig, sizeof(fig), "none");
	line(ui, y++, "limit", fig, "memory.max, set by the module");
	snprintf(fig, sizeof(fig), "%u processes, %u threads", st->nr_procs,
		 st->nr_threads);
	line(ui, y, "tasks", fig, "module: its PID namespace");
}

static void guest_detail(const struct ui *ui, const struct row *r, int y)
{
	const struct ctlab_vm_stats *st = &r->raw.vm;
	char fig[64];

	snprintf(fig, sizeof(fig), "%s  (PSS %s)", sz(st->rss), sz(st->pss));
	line(ui, y++, "QEMU RSS", fig, "host: /proc/PID/smaps_rollup");
	snprintf(fig, sizeof(fig), "%s of %s", sz(st->ram_rss), sz(st->mem));
	line(ui, y++, "guest RAM", fig,
	     "host: resident pages of QEMU's RAM mapping");
	snprintf(fig, sizeof(fig), "%s", sz(st->balloon_actual));
	line(ui, y++, "balloon leaves", fig, "QMP query-balloon");
	if (st->guest_stats) {
		snprintf(fig, sizeof(fig), "total %s, free %s, avail %s",
			 sz(st->guest_total), sz(st->guest_free),
			 sz(st->guest_available));
		line(ui, y++, "guest's view", fig,
		     "its balloon driver (guest /proc/meminfo)");
	} else {
		line(ui, y++, "guest's view", "not reported yet",
		     "its balloon driver reports once booted");
	}
	snprintf(fig, sizeof(fig), "%u vCPU, %s, %s", st->cpus, st->accel,
		 st->status);
	line(ui, y, "machine", fig, "QMP query-status, query-cpus-fast");
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

void ui_draw_detail(const struct ui *ui, const struct row *r, int top,
		    int lines)
{
	char title[128], max[32];
	float peak;
	uint64_t scale;

	(void)lines;
	mvhline(top, 0, ACS_HLINE, COLS);
	snprintf(title, sizeof(title), " %s %s: %s%s ",
		 r->type == ROW_CT ? "container" : "guest", r->name, r->state,
		 pid_text(r));
	attrset(attr(ui, UI_TITLE));
	ui_mvprint(top, 2, "%s", title);
	attrset(A_NORMAL);
	if (r->type == ROW_CT)
		container_detail(ui, r, top + 2);
	else
		guest_detail(ui, r, top + 2);
	/*
	 * Memory against what it may hold: a container's limit, else the
	 * host's memory (a guest's QEMU is held to neither its RAM nor the
	 * balloon).  Scaled to its own largest value, an idle container of
	 * a few pages would draw a full graph.
	 */
	if (r->type == ROW_CT && r->limit) {
		scale = r->limit;
		snprintf(max, sizeof(max), "of %s limit", sz(scale));
	} else {
		scale = ui->snap.host.mem_total;
		snprintf(max, sizeof(max), "of %s host", sz(scale));
	}
	spark(ui, top + 8, "memory", &r->mem_hist, (float)scale, max);
	/* A scale of one CPU, or more if a guest's vCPUs used more. */
	peak = history_max(&r->cpu_hist, 100);
	snprintf(max, sizeof(max), "top %.0f%%", peak);
	spark(ui, top + 9, "CPU", &r->cpu_hist, peak, max);
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
		"  Esc       closes the detail pane, this help, a menu",
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
