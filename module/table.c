// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: the text table that read() on /dev/ctlab returns, in the
 * spirit of OpenVZ's /proc/user_beancounters:
 *
 *   Version: 1.2
 *          id  name        resource              held         maxheld  ...
 *           1: web         rss                 462848          925696  ...
 *                          charge              638976         1175552  ...
 *                          kmemsize            212992               0  ...
 *                          ...
 *
 * One block per container the reader may see, one row per resource:
 *   rss          bytes its processes hold; barrier and limit are the
 *                container's; failcnt counts the times it hit the limit
 *   charge       bytes its cgroup is charged (page cache and kernel
 *                memory included); barrier and limit are memory.high and
 *                memory.max; failcnt counts the processes OOM-killed
 *   kmemsize     kernel memory charged to the cgroup (slab, kernel
 *                stacks, page tables, socket buffers)
 *   privvmpages  bytes of virtual memory its processes map, and the peak
 *   swap         bytes swapped out (memory.swap.current, .peak)
 *   numproc, numthread, numfile: processes, threads, open files
 *   numpids      tasks as the pids controller counts them; its limit and
 *                the forks it refused (where the controller is on)
 * then two lines of their own: memory pressure (PSI: the share of the
 * last 10 s in which some, or all, members waited for memory, and the
 * total waits) and the counts of memory.events.  Rows of the cgroup are
 * 0 for a container without one.
 * "max" means no limit.  `cat /dev/ctlab` is all a student needs.
 */
#include <linux/seq_file.h>

#include "internal.h"

static void ctlab_show_bytes(struct seq_file *m, u64 bytes)
{
	if (bytes == 0 || bytes == U64_MAX)
		seq_printf(m, " %15s", "max");
	else
		seq_printf(m, " %15llu", bytes);
}

static void ctlab_show_row(struct seq_file *m, const char *resource, u64 held,
			   u64 maxheld, u64 barrier, u64 limit, u64 failcnt)
{
	seq_printf(m, " %-12s %15llu %15llu", resource, held, maxheld);
	ctlab_show_bytes(m, barrier);
	ctlab_show_bytes(m, limit);
	seq_printf(m, " %12llu\n", failcnt);
}

/* The first columns of a row after the container's first. */
static void ctlab_show_indent(struct seq_file *m)
{
	seq_printf(m, "%12s %-31s", "", "");
}

static void ctlab_show_container(struct seq_file *m, struct ctlab_container *c)
{
	struct ctlab_account a = { .id = c->id };
	struct ctlab_memcg_usage mu;
	struct ctlab_snapshot s;
	struct ctlab_usage *u = &s.usage;

	ctlab_snapshot(c, &s);
	ctlab_memcg_read(c, &mu);
	ctlab_account_fill(c, &a);
	seq_printf(m, "%10u: %-31s", c->id, c->name);
	ctlab_show_row(m, "rss", u->anon + u->file + u->shmem, s.rss_peak,
		       c->barrier, c->limit, mu.max_events);
	ctlab_show_indent(m);
	ctlab_show_row(m, "charge", mu.charge, mu.charge_peak, mu.high, mu.max,
		       mu.oom_kills);
	ctlab_show_indent(m);
	ctlab_show_row(m, "kmemsize", a.kmem, 0, 0, 0, 0);
	ctlab_show_indent(m);
	ctlab_show_row(m, "privvmpages", a.privvm, a.privvm_peak, 0, 0, 0);
	ctlab_show_indent(m);
	ctlab_show_row(m, "swap", a.swap, a.swap_peak, 0, 0, 0);
	ctlab_show_indent(m);
	ctlab_show_row(m, "numproc", u->nr_procs, s.nr_procs_peak, 0, 0, 0);
	ctlab_show_indent(m);
	ctlab_show_row(m, "numthread", a.nr_threads, 0, 0, 0, 0);
	ctlab_show_indent(m);
	ctlab_show_row(m, "numfile", a.nr_files, 0, 0, 0, 0);
	if (a.valid & CTLAB_ACCT_PIDS) {
		ctlab_show_indent(m);
		ctlab_show_row(m, "numpids", a.pids_current, 0, 0,
			       a.pids_max, a.pids_failcnt);
	}
	if (a.valid & CTLAB_ACCT_PSI) {
		ctlab_show_indent(m);
		seq_printf(m, " pressure     some %u.%02u%% %llu us, full %u.%02u%% %llu us\n",
			   a.psi_some_avg10 / 100, a.psi_some_avg10 % 100,
			   a.psi_some_total, a.psi_full_avg10 / 100,
			   a.psi_full_avg10 % 100, a.psi_full_total);
	}
	if (a.valid & CTLAB_ACCT_MEMCG) {
		ctlab_show_indent(m);
		seq_printf(m, " events       low %llu high %llu max %llu oom %llu oom_kill %llu\n",
			   a.ev_low, a.ev_high, a.ev_max, a.ev_oom,
			   a.ev_oom_kill);
	}
}

/**
 * ctlab_table_show - the seq_file show function behind read()
 * @m: the reader's seq_file; m->private is its struct ctlab_reader.
 * @unused: single_open's data pointer, not used.
 */
int ctlab_table_show(struct seq_file *m, void *unused)
{
	struct ctlab_reader *reader = m->private;
	struct ctlab_container *c;
	unsigned long id;

	/* Whatever happens from now on, poll() will report. */
	reader->events_seen = ctlab_event_count();

	seq_printf(m, "Version: %u.%u\n", CTLAB_ABI_MAJOR, CTLAB_ABI_MINOR);
	seq_printf(m, "%10s  %-31s %-12s %15s %15s %15s %15s %12s\n", "id",
		   "name", "resource", "held", "maxheld", "barrier", "limit",
		   "failcnt");
	mutex_lock(&ctlab_lock);
	xa_for_each(&ctlab_ids, id, c)
		if (ctlab_visible(c))
			ctlab_show_container(m, c);
	mutex_unlock(&ctlab_lock);
	return 0;
}
