// SPDX-License-Identifier: GPL-2.0
/*
 * columns.c: the table's columns, each defined once.
 *
 * A column's title, its --sort name, its widths, its alignment, when it
 * goes on a narrow terminal, how a cell is written, how rows compare by
 * it and where its figure comes from (the help screen and the explain
 * view say so) all sit in one entry of columns[].  The table, batch mode,
 * the sort keys, the F6 menu and the help screen read them from here:
 * adding a column is adding an entry.
 *
 * Nothing here knows about curses.
 */
#include <stdio.h>
#include <string.h>

#include "top.h"

/* -1, 0, 1 as a < b, a == b, a > b. */
#define CMP(a, b) (((a) > (b)) - ((a) < (b)))
/* Where a container's figures come from. */
#define STATS "ioctl CTLAB_IOC_STATS on /dev/ctlab: struct ctlab_stats "

/* ---- cells ------------------------------------------------------------ */

static void cell_type(const struct row *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s", r->type == ROW_CT ? "CT" : "VM");
}

static void cell_name(const struct row *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s", r->name);
}

static void cell_state(const struct row *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s", r->state);
}

static void cell_pid(const struct row *r, char *buf, size_t len)
{
	if (r->pid)
		snprintf(buf, len, "%d", (int)r->pid);
	else
		snprintf(buf, len, "-");
}

static void cell_cpu(const struct row *r, char *buf, size_t len)
{
	if (r->cpu_pct < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", r->cpu_pct);
}

static void cell_mem(const struct row *r, char *buf, size_t len)
{
	ctlab_size_format(r->mem, buf, len);
}

static void cell_peak(const struct row *r, char *buf, size_t len)
{
	ctlab_size_format(r->peak, buf, len);
}

static void cell_limit(const struct row *r, char *buf, size_t len)
{
	if (r->limit)
		ctlab_size_format(r->limit, buf, len);
	else
		snprintf(buf, len, "-");
}

/* As text (batch mode, CSV): the share of the limit in use. */
static void cell_use(const struct row *r, char *buf, size_t len)
{
	if (r->limit)
		snprintf(buf, len, "%.0f%%", 100.0 * row_use(r));
	else
		snprintf(buf, len, "-");
}

/* A rate in bytes a second, "-" while not known. */
static void cell_rate(const struct counter *c, char *buf, size_t len)
{
	if (c->known && c->rate >= 0)
		ctlab_size_format((uint64_t)(c->rate + 0.5), buf, len);
	else
		snprintf(buf, len, "-");
}

static void cell_disk(const struct row *r, char *buf, size_t len)
{
	cell_rate(&r->disk, buf, len);
}

static void cell_net(const struct row *r, char *buf, size_t len)
{
	cell_rate(&r->net, buf, len);
}

/* A dead guest runs no vCPU: its recorded count is not a figure. */
static void cell_tasks(const struct row *r, char *buf, size_t len)
{
	if (r->type == ROW_VM && !r->raw.vm.alive)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%u", r->tasks);
}

static void cell_uptime(const struct row *r, char *buf, size_t len)
{
	fmt_uptime(r->uptime_s, buf, len);
}

static void cell_failcnt(const struct row *r, char *buf, size_t len)
{
	if (r->type == ROW_VM)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%llu", (unsigned long long)r->failcnt);
}

/* ---- natural orders: text ascending, figures descending --------------- */

static int by_type(const struct row *a, const struct row *b)
{
	return CMP(a->type, b->type);
}

static int by_name(const struct row *a, const struct row *b)
{
	return strcmp(a->name, b->name);
}

static int by_state(const struct row *a, const struct row *b)
{
	return strcmp(a->state, b->state);
}

static int by_pid(const struct row *a, const struct row *b)
{
	return CMP(a->pid, b->pid);
}

static int by_cpu(const struct row *a, const struct row *b)
{
	return -CMP(a->cpu_pct, b->cpu_pct);
}

static int by_mem(const struct row *a, const struct row *b)
{
	return -CMP(a->mem, b->mem);
}

static int by_peak(const struct row *a, const struct row *b)
{
	return -CMP(a->peak, b->peak);
}

static int by_limit(const struct row *a, const struct row *b)
{
	return -CMP(a->limit, b->limit);
}

static int by_use(const struct row *a, const struct row *b)
{
	return -CMP(row_use(a), row_use(b));
}

static double rate_of(const struct counter *c)
{
	return c->known ? c->rate : -1;
}

static int by_disk(const struct row *a, const struct row *b)
{
	return -CMP(rate_of(&a->disk), rate_of(&b->disk));
}

static int by_net(const struct row *a, const struct row *b)
{
	return -CMP(rate_of(&a->net), rate_of(&b->net));
}

static int by_tasks(const struct row *a, const struct row *b)
{
	return -CMP(a->tasks, b->tasks);
}

static int by_uptime(const struct row *a, const struct row *b)
{
	return -CMP(a->uptime_s, b->uptime_s);
}

static int by_failcnt(const struct row *a, const struct row *b)
{
	return -CMP(a->failcnt, b->failcnt);
}

/* ---- the table -------------------------------------------------------- */

/*
 * drop: 1 is the first to go when the terminal is too narrow, 2 the
 * next...; 0 never goes.  NAME grows to the longest name shown, USE (the
 * bar) takes what is left, up to its max.
 */
const struct column_def columns[NR_COLUMNS] = {
	[COL_TYPE] = { "TYPE", "type", 4, 4, true, 0, cell_type, by_type,
		"CT, a container of ctlab.ko; VM, a QEMU guest",
		"ioctl CTLAB_IOC_LIST on /dev/ctlab",
		"a run directory in /run/ctlab/vm" },
	[COL_NAME] = { "NAME", "name", 8, CTLAB_NAME_LEN, true, 0, cell_name,
		by_name, "its name",
		STATS ".name", "the run directory's name" },
	[COL_STATE] = { "STATE", "state", 8, 8, true, 9, cell_state, by_state,
		"created, running, exited; booting, running, paused, dead",
		STATS ".state", "QMP query-status: \"status\"" },
	[COL_PID] = { "PID", "pid", 7, 7, false, 3, cell_pid, by_pid,
		"the container's init, or QEMU",
		STATS ".init_pid", "the run directory's vm.json: \"pid\"" },
	[COL_CPU] = { "CPU%", "cpu", 5, 5, false, 0, cell_cpu, by_cpu,
		"share of one host CPU since the last refresh",
		STATS ".utime + .stime (ns), over the time between refreshes",
		"/proc/PID/stat: utime + stime (ticks), over the time between "
		"refreshes" },
	[COL_MEM] = { "MEM", "mem", 5, 5, false, 0, cell_mem, by_mem,
		"what its processes hold (RSS), or QEMU's RSS",
		STATS ".rss", "/proc/PID/smaps_rollup: line Rss:" },
	[COL_PEAK] = { "PEAK", "peak", 5, 5, false, 6, cell_peak, by_peak,
		"the most MEM has been",
		STATS ".rss_peak",
		"/proc/PID/status: line VmHWM:, or MEM if above" },
	[COL_LIMIT] = { "LIMIT", "limit", 5, 5, false, 0, cell_limit, by_limit,
		"a container's memory limit; a guest's RAM as the balloon leaves it",
		STATS ".limit (the cgroup's memory.max)",
		"QMP query-balloon: \"actual\"" },
	[COL_BAR] = { "USE", "use", 8, 22, true, 4, cell_use, by_use,
		"share of LIMIT in use: the cgroup's charge; what the guest uses",
		STATS ".charge (the cgroup's memory.current) / .limit",
		"QMP qom-get balloon0 guest-stats: (stat-total-memory - "
		"stat-available-memory) / query-balloon's actual" },
	[COL_DISK] = { "DISK/s", "disk", 6, 6, false, 1, cell_disk, by_disk,
		"bytes read and written a second, on block devices",
		"/sys/fs/cgroup/ctlab/NAME/io.stat: rbytes= + wbytes=",
		"QMP query-blockstats: stats.rd_bytes + stats.wr_bytes" },
	[COL_NET] = { "NET/s", "net", 6, 6, false, 2, cell_net, by_net,
		"bytes received and sent a second, on its network card",
		"/sys/class/net/ctlabID/statistics/rx_bytes + tx_bytes",
		"none: user-mode networking has no host interface" },
	[COL_TASKS] = { "TASKS", "tasks", 5, 5, false, 7, cell_tasks, by_tasks,
		"processes, or vCPUs",
		STATS ".nr_procs", "the run directory's vm.json: \"cpus\"" },
	[COL_UPTIME] = { "UPTIME", "time", 7, 7, false, 5, cell_uptime,
		by_uptime, "how long it has run (or ran)",
		STATS ".started, .exited (CLOCK_BOOTTIME)",
		"/proc/PID/stat: starttime, against /proc/uptime" },
	[COL_FAILCNT] = { "FAILCNT", "failcnt", 7, 7, false, 8, cell_failcnt,
		by_failcnt, "times a container hit its limit",
		STATS ".failcnt (memory.events: max)", "none" },
};

const char *column_title(enum column col)
{
	return col < NR_COLUMNS ? columns[col].title : "?";
}

int column_by_key(const char *key)
{
	int c;

	for (c = 0; c < NR_COLUMNS; c++)
		if (!strcmp(key, columns[c].key))
			return c;
	return -1;
}

const char *column_keys(void)
{
	static char keys[NR_COLUMNS * 12];
	size_t n = 0;
	int c;

	if (!keys[0])
		for (c = 0; c < NR_COLUMNS; c++)
			n += (size_t)snprintf(keys + n, sizeof(keys) - n, "%s%s",
					      c ? " " : "", columns[c].key);
	return keys;
}

void fmt_cell(const struct row *r, enum column col, char *buf, size_t len)
{
	if (col < NR_COLUMNS)
		columns[col].format(r, buf, len);
	else if (len)
		buf[0] = '\0';
}

int column_compare(const struct row *a, const struct row *b, enum column col)
{
	return col < NR_COLUMNS ? columns[col].compare(a, b) : 0;
}

/* ---- widths ----------------------------------------------------------- */

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

/* Widen @col up to @to (or its max) by as much of @spare as it can take. */
static void widen(unsigned int width[NR_COLUMNS], enum column col,
		  unsigned int to, unsigned int *spare)
{
	unsigned int more;

	if (!width[col] || to <= width[col])
		return;
	more = to - width[col];
	if (more > *spare)
		more = *spare;
	width[col] += more;
	*spare -= more;
}

/* The column that goes next on a narrow terminal, or NR_COLUMNS. */
static enum column next_to_drop(const unsigned int width[NR_COLUMNS])
{
	enum column c, pick = NR_COLUMNS;

	for (c = 0; c < NR_COLUMNS; c++)
		if (width[c] && columns[c].drop &&
		    (pick == NR_COLUMNS || columns[c].drop < columns[pick].drop))
			pick = c;
	return pick;
}

unsigned int layout_columns(unsigned int cols, unsigned int name_len,
			    unsigned int width[NR_COLUMNS])
{
	unsigned int c, spare;
	enum column drop;

	for (c = 0; c < NR_COLUMNS; c++)
		width[c] = columns[c].min;
	while (line_width(width) > cols &&
	       (drop = next_to_drop(width)) != NR_COLUMNS)
		width[drop] = 0;
	if (line_width(width) > cols)
		return line_width(width);	/* too narrow: cut at the edge */
	spare = cols - line_width(width);
	if (name_len > columns[COL_NAME].max)
		name_len = columns[COL_NAME].max;
	widen(width, COL_NAME, name_len, &spare);
	widen(width, COL_BAR, columns[COL_BAR].max, &spare);
	return line_width(width);
}

void fmt_fit(const char *text, unsigned int width, bool middle, char *buf,
	     size_t len)
{
	size_t n = strlen(text), head, tail;

	if (!width || len < 2) {
		if (len)
			buf[0] = '\0';
		return;
	}
	if (width >= len)
		width = (unsigned int)len - 1;
	if (n <= width) {
		snprintf(buf, len, "%s", text);
		return;
	}
	/* width - 1 characters of text, and '~' for the rest. */
	tail = middle ? (width - 1) / 2 : 0;
	head = width - 1 - tail;
	memcpy(buf, text, head);
	buf[head] = '~';
	memcpy(buf + head + 1, text + n - tail, tail);
	buf[width] = '\0';
}

double row_use(const struct row *r)
{
	return r->limit ? (double)r->used / r->limit : 0;
}
