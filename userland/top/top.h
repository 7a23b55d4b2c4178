/* SPDX-License-Identifier: GPL-2.0 */
/*
 * top.h: what the files of `ctlab top` share.
 *
 * The dashboard is a loop of three steps, one file each, so that only the
 * last one knows about curses:
 *
 *   sample.c    ask libctlab for every container and guest: a snapshot
 *               (replay.c reads one back from a recording instead)
 *   view.c      which rows to show, in which order (sort, filter, type)
 *   ui_*.c      draw it and read keys (batch.c instead, for scripts)
 *
 * columns.c defines each column of the table once; explain.c the detail
 * pane's figures and where each is read; history.c keeps each row's last
 * samples for the sparklines; format.c turns numbers into the short
 * strings both the screen and batch mode print.  All but ui_*.c are
 * free of curses, and unit-tested.
 */
#ifndef CTLAB_TOP_H
#define CTLAB_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "ctlab.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* ---- A snapshot (sample.c) ----------------------------------------- */

enum row_type { ROW_CT, ROW_VM };

/* Samples of history kept per row, for the detail pane's sparklines. */
#define HISTORY_LEN 60

/* The last HISTORY_LEN values of one figure, oldest first once full. */
struct history {
	float value[HISTORY_LEN];
	unsigned int len;	/* how many are valid, up to HISTORY_LEN */
	unsigned int next;	/* where the next one goes */
};

/*
 * A counter of bytes that only grows (a disk's read + written, a NIC's
 * received + sent), and its rate, measured as CPU% is (see carry_over()).
 */
struct counter {
	bool known;		/* read this time; else "-" */
	uint64_t in, out;	/* read and written, or received and sent */
	uint64_t base;		/* in + out at the last full refresh */
	double rate;		/* bytes a second since, < 0 until known */
};

/*
 * One row of the table: a container or a guest, as the dashboard shows
 * it.  The figures the table shows are worked out here once; the raw
 * answers behind them stay for the detail pane.
 */
struct row {
	enum row_type type;
	char name[CTLAB_NAME_MAX];
	char state[24];		/* containers: created, running, exited;
				 * guests: booting, running, paused, dead... */
	pid_t pid;		/* the container's init, or QEMU; 0 if none */
	double cpu_pct;		/* of one host CPU since the last snapshot,
				 * < 0 until there are two snapshots */
	uint64_t cpu_ns;	/* all the CPU time it has used */
	uint64_t mem;		/* containers: RSS (module); guests: QEMU's RSS */
	uint64_t peak;		/* the most @mem has been (see sample.c) */
	uint64_t limit;		/* containers: the limit, 0 for none;
				 * guests: the RAM the balloon leaves them */
	uint64_t used;		/* what counts against @limit: the cgroup's
				 * charge, or what the guest uses (sample.c) */
	unsigned int tasks;	/* processes, or vCPUs */
	double uptime_s;	/* < 0 if not running */
	uint64_t failcnt;	/* limit hits (guests: always 0) */
	double at;		/* when these figures were read, CLOCK_MONOTONIC
				 * seconds: a guest's row may be older than its
				 * snapshot (see sample()) */
	uint64_t cpu_base_ns;	/* @cpu_ns and @at at the last full refresh, */
	double cpu_base_at;	/* which @cpu_pct is measured from */
	struct counter disk;	/* containers: io.stat; guests: QMP */
	struct counter net;	/* containers: the veth's host end; guests:
				 * not known (user-mode networking has no
				 * host interface to count on) */
	struct history mem_hist, cpu_hist;
	/*
	 * ACCOUNT (ABI 1.2): asked for the selected container only, once
	 * per snapshot, while its detail pane is open (ui_main.c): not for
	 * every row at every refresh.  @acct_err: 0, or -ENOTTY from a
	 * module older than 1.2, which @acct_why then names.
	 */
	bool acct_asked;
	int acct_err;
	char acct_why[80];
	struct ctlab_account acct;
	union {
		struct ctlab_stats ct;
		struct ctlab_vm_stats vm;
	} raw;
};

/* The host, for the header. */
struct host {
	uint64_t mem_total, mem_available;	/* /proc/meminfo */
	double cpu_pct;		/* all CPUs busy = 100, < 0 at first */
	uint64_t cpu_busy, cpu_all;	/* /proc/stat jiffies, for the next */
	unsigned int nr_cpus;
};

struct snapshot {
	struct host host;
	bool module;		/* /dev/ctlab answered */
	struct ctlab_version version;
	unsigned int nr_ct, nr_vm;
	struct row *rows;
	size_t nr_rows;
	double taken;		/* CLOCK_MONOTONIC seconds */
	long long wall;		/* and seconds since the epoch: the clock of
				 * the header, a replay's the recording's */
};

/*
 * sample() - take a new snapshot into @now, carrying CPU rates and
 * history over from @prev (which may be empty).  @ctlab_fd is an open
 * /dev/ctlab or -1; @guests says whether to ask the guests too (they
 * answer over QMP, which costs more: see ui_main.c).  When @guests is
 * false the guests' rows of @prev are kept as they were.
 */
void sample(struct snapshot *now, const struct snapshot *prev, int ctlab_fd,
	    bool guests);
void snapshot_free(struct snapshot *snap);
/*
 * carry_over() - @r's CPU% and history, carried over from @old, its row
 * in the previous snapshot (or NULL).  @full: this is a full refresh,
 * which measures CPU% anew and adds a sample to the history.
 */
void carry_over(struct row *r, const struct row *old, bool full);

/* ---- History (history.c) ------------------------------------------- */

/* history_push() - add @value, dropping the oldest beyond HISTORY_LEN. */
void history_push(struct history *h, float value);
/* history_get() - the @i-th oldest value, for i < h->len. */
float history_get(const struct history *h, unsigned int i);

/* ---- What to show (view.c) ----------------------------------------- */

/* The table's columns, in the order they are shown (columns.c). */
enum column {
	COL_TYPE, COL_NAME, COL_STATE, COL_PID, COL_CPU, COL_MEM, COL_PEAK,
	COL_LIMIT, COL_BAR, COL_DISK, COL_NET, COL_TASKS, COL_UPTIME,
	COL_FAILCNT, NR_COLUMNS
};

enum show_types { SHOW_BOTH, SHOW_CT, SHOW_VM };

struct view {
	enum column sort;	/* COL_BAR sorts by the share of the limit used */
	bool reverse;		/* opposite of the column's natural order */
	char filter[64];	/* a substring of the name, "" for all */
	enum show_types show;
};

/*
 * view_rows() - the indexes into @snap->rows of the rows @v shows, in its
 * order, into @out (room for snap->nr_rows).  Returns how many.
 */
size_t view_rows(const struct view *v, const struct snapshot *snap,
		 size_t *out);

/* The longest name among the @n rows @order picks: NAME's width. */
unsigned int view_longest_name(const struct snapshot *snap, const size_t *order,
			       size_t n);

/* view_sort_next() - the next (@dir +1) or previous (-1) sort column. */
enum column view_sort_next(enum column col, int dir);

/* ---- The columns (columns.c) ------------------------------------------ */

/* One column of the table: everything about it, in one place. */
struct column_def {
	const char *title;	/* the table's and batch mode's header */
	const char *key;	/* its name for --sort */
	unsigned int min, max;	/* width; NAME and USE grow, the rest not */
	bool left;		/* words to the left, figures to the right */
	unsigned int drop;	/* 1: the first to go when narrow; 0: never */
	void (*format)(const struct row *r, char *buf, size_t len);
	/* natural order: names A to Z, figures biggest first */
	int (*compare)(const struct row *a, const struct row *b);
	const char *meaning;	/* one line, for the help screen */
	const char *ct_source;	/* where a container's figure comes from */
	const char *vm_source;	/* and a guest's */
};

extern const struct column_def columns[NR_COLUMNS];

/* The column's header, as the table and batch mode print it. */
const char *column_title(enum column col);
/* The column --sort @key names, or -1. */
int column_by_key(const char *key);
/* Every column's key, in the table's order ("name state ..."): --sort's. */
const char *column_keys(void);
/* One cell of @r as text, the table's and batch mode's (USE: "73%"). */
void fmt_cell(const struct row *r, enum column col, char *buf, size_t len);
/* @a against @b in @col's natural order: < 0, 0, > 0. */
int column_compare(const struct row *a, const struct row *b, enum column col);
/* The share of its limit @r uses (0 without one; may pass 1). */
double row_use(const struct row *r);

/*
 * Column widths for a terminal @cols wide, with names up to @name_len
 * long.  Columns that do not fit are dropped, least useful first (width
 * 0); NAME grows to @name_len (up to CTLAB_NAME_LEN), then the bar takes
 * what is left.  Returns the width of the whole line.
 */
unsigned int layout_columns(unsigned int cols, unsigned int name_len,
			    unsigned int width[NR_COLUMNS]);

/*
 * fmt_fit() - @text in at most @width characters: whole if it fits, else
 * cut with a '~' where the rest was; @middle keeps its end too
 * ("grow~r-2"), so that two long names that differ at the end still
 * look different.
 */
void fmt_fit(const char *text, unsigned int width, bool middle, char *buf,
	     size_t len);

/* ---- Formatting (format.c) ----------------------------------------- */

/*
 * Sizes: libctlab's ctlab_size_format() ("1.5M", "98P": at most 5
 * characters).  size_text() - the same into one of 8 buffers used in
 * turn: for a printf() of a few sizes at once.  Not for keeping.
 */
const char *size_text(uint64_t bytes);
/* "0:42", "1:02:03", "3d04h": at most 6 characters; "-" if < 0. */
void fmt_uptime(double seconds, char *buf, size_t len);
/*
 * fmt_bar() - @frac (0..1, clipped) of @width cells filled with '|',
 * the rest blank, between brackets: "[|||   ]".  @buf needs width + 3.
 */
void fmt_bar(double frac, unsigned int width, char *buf, size_t len);
/*
 * fmt_sparkline() - @n values as @width characters, the last @width of
 * them (fewer: padded on the left), scaled so @max is the top.  Block
 * characters in UTF-8 when @utf8, else " .:-=+*#%@".  @buf needs
 * width * 3 + 1 bytes.
 */
void fmt_sparkline(const float *values, unsigned int n, float max,
		   unsigned int width, bool utf8, char *buf, size_t len);

/* ---- The detail pane's figures (explain.c) ---------------------------- */

/* One figure of the detail pane, and where it comes from. */
struct figure {
	const char *label;	/* "RSS" */
	char value[80];		/* as the pane shows it */
	const char *note;	/* a few words on its source, beside it */
	enum column col;	/* the column it is, or NR_COLUMNS */
	const char *where;	/* where it is read, if not a column's */
	char raw[200];		/* the raw value(s) read there */
};

#define MAX_FIGURES 20

/* row_figures() - @r's figures into @out (room for @max); how many. */
size_t row_figures(const struct row *r, struct figure *out, size_t max);
/*
 * row_account() - ask the module for container row @r's ACCOUNT, for
 * the pane's figures of it (once: @r->acct_asked).  @fd: /dev/ctlab.
 */
void row_account(struct row *r, int fd);
/* Where figure @f of a row of @type is read: the ioctl and its field,
 * the file and its line, the QMP command. */
const char *figure_where(const struct figure *f, enum row_type type);

/* ---- CSV and JSON (export.c) --------------------------------------- */

/* The CSV's header line, without a newline. */
extern const char csv_header[];
/*
 * csv_row() - @r as one CSV line (no newline) of snapshot @sample_nr,
 * taken at @when (seconds since the epoch).  Returns what snprintf()
 * returns.
 */
int csv_row(const struct row *r, long sample_nr, long long when, char *buf,
	    size_t len);
/* row_json() - @r as a JSON object (a new reference). */
json_t *row_json(const struct row *r);
/*
 * snapshot_json() - snapshot @s as a JSON object with the @n rows @order
 * picks; @why says why there are no containers when the module is absent.
 */
json_t *snapshot_json(const struct snapshot *s, const size_t *order,
		      size_t n, long sample_nr, long long when, const char *why);

/* ---- Recording and replaying (replay.c) ------------------------------ */

/* record_snapshot() - @s, every row, as one line of JSON on @f. */
int record_snapshot(FILE *f, const struct snapshot *s, long sample_nr,
		    long long when, const char *why);
/* snapshot_from_json() - a snapshot back from what snapshot_json() made. */
int snapshot_from_json(json_t *j, struct snapshot *s);
/*
 * replay_next() - the next snapshot of recording @f into @now, its rows'
 * history carried over from @prev; *@nr counts them.  0, -ENODATA at the
 * end, -EPROTO (and why, in @why) for one that is not ctlab top's.
 */
int replay_next(FILE *f, struct snapshot *now, const struct snapshot *prev,
		long *nr, char *why, size_t why_len);

/* ---- The two faces ------------------------------------------------- */

struct top_options {
	double delay;		/* seconds between refreshes */
	FILE *record;		/* --record: each full snapshot goes here */
	FILE *replay;		/* --replay: snapshots come from here */
	const char *replay_name;
	long iterations;	/* batch: snapshots to print; 0: forever */
	enum { OUT_TEXT, OUT_CSV, OUT_JSON } format;
	struct view view;
};

int top_batch(const struct top_options *opt);
int top_interactive(const struct top_options *opt);

/* Open /dev/ctlab, or return -1 and why, in a few words, in @why. */
int top_open_device(char *why, size_t len);

#endif
