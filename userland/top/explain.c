// SPDX-License-Identifier: GPL-2.0
/*
 * explain.c: the figures of the detail pane, and where each comes from.
 *
 * The detail pane is the memory reconciliation no other tool shows: the
 * same memory counted by different parts of the system, side by side.
 * Each figure here carries, beside the text the pane shows, the exact
 * place it was read (the ioctl and its field, the cgroup file and its
 * line, the QMP command and its reply, the /proc file) and the raw value
 * read there, for the explain view (e in the detail pane).  A figure
 * that is also a column of the table takes its source from the column's
 * entry in columns.c: one place says where MEM comes from.
 *
 *   container: what its processes hold (RSS: anon, file, shmem; the
 *              module's sample) beside what its cgroup is charged (RSS
 *              plus page cache and kernel memory, less pages another
 *              cgroup paid for) and the limit the charge is held to
 *   guest:     QEMU's RSS and PSS (the host's /proc), the part of it
 *              that is guest RAM, the RAM the guest was given and what
 *              the balloon leaves it (QMP), and the guest's own MemTotal,
 *              MemFree and MemAvailable (its balloon driver's report)
 *   ACCOUNT:   a container's kernel memory, privvmpages, files, pids,
 *              swap, memory events and pressure (ABI 1.2), for the
 *              selected row only
 *
 * Nothing here knows about curses: the unit tests read the figures.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "top.h"

#define ULL(x) ((unsigned long long)(x))

/* The next figure of @f (room for @max, @n used), or NULL if full. */
static struct figure *add(struct figure *f, size_t *n, size_t max,
			  const char *label, enum column col, const char *note,
			  const char *where)
{
	struct figure *fig;

	if (*n == max)
		return NULL;
	fig = &f[(*n)++];
	memset(fig, 0, sizeof(*fig));
	fig->label = label;
	fig->col = col;
	fig->note = note;
	fig->where = where;
	return fig;
}

/* printf() into @buf, if there is a figure to fill. */
__attribute__((format(printf, 3, 4)))
static void put(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!buf)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* What the pane shows, and the raw reading behind it (@fig may be NULL). */
#define value(fig, ...) put((fig) ? (fig)->value : NULL, \
			    sizeof((fig)->value), __VA_ARGS__)
#define raw(fig, ...) put((fig) ? (fig)->raw : NULL, sizeof((fig)->raw), \
			  __VA_ARGS__)

static const char *rate(const struct counter *c)
{
	static char buf[2][24];
	static unsigned int next;
	char *b = buf[next++ % 2];

	if (!c->known)
		return "not known";
	if (c->rate < 0)
		return "- (one more refresh)";
	snprintf(b, 24, "%s/s", size_text((uint64_t)(c->rate + 0.5)));
	return b;
}

/* "-" when the cgroup does not provide the group of figures @bit. */
static bool has(const struct row *r, uint32_t bit)
{
	return r->acct.valid & bit;
}

#define ACCOUNT "ioctl CTLAB_IOC_ACCOUNT (8) on /dev/ctlab: struct ctlab_account "

/*
 * ACCOUNT's figures (ABI 1.2): what the module adds to STATS, read from
 * the container's cgroup and its tasks.  Asked for the selected row
 * only (row_account()); a module older than 1.2 has none, and says so
 * in one line rather than in zeros.
 */
static size_t account_figures(const struct row *r, struct figure *f,
			      size_t n, size_t max)
{
	const struct ctlab_account *a = &r->acct;
	struct figure *fig;

	if (!r->acct_asked)
		return n;
	if (r->acct_err) {
		fig = add(f, &n, max, "accounting", NR_COLUMNS,
			  "kernel memory, files, pids, swap, events, pressure",
			  "ioctl CTLAB_IOC_ACCOUNT (8), new in ABI 1.2");
		if (r->acct_why[0])
			value(fig, "%s", r->acct_why);
		else
			value(fig, "not known: %s", strerror(-r->acct_err));
		raw(fig, "ioctl(CTLAB_IOC_ACCOUNT) = -1 %s",
		    r->acct_err == -ENOTTY ? "ENOTTY" : strerror(-r->acct_err));
		return n;
	}
	fig = add(f, &n, max, "kernel memory", NR_COLUMNS,
		  "memory.stat: slab, stacks, page tables, sockets",
		  ACCOUNT ".kmem, .kmem_slab, .kmem_stack, .kmem_pagetables, "
		  ".kmem_sock (memory.stat: kernel, slab, kernel_stack, "
		  "pagetables, sock)");
	if (has(r, CTLAB_ACCT_MEMCG))
		value(fig, "%s  (slab %s, stacks %s, ptables %s, sock %s)",
		      size_text(a->kmem), size_text(a->kmem_slab),
		      size_text(a->kmem_stack), size_text(a->kmem_pagetables),
		      size_text(a->kmem_sock));
	else
		value(fig, "- (no cgroup)");
	raw(fig, "kmem = %llu, kmem_slab = %llu, kmem_stack = %llu, "
	    "kmem_pagetables = %llu, kmem_sock = %llu", ULL(a->kmem),
	    ULL(a->kmem_slab), ULL(a->kmem_stack), ULL(a->kmem_pagetables),
	    ULL(a->kmem_sock));

	fig = add(f, &n, max, "privvmpages", NR_COLUMNS,
		  "module: private writable mappings",
		  ACCOUNT ".privvm, .privvm_peak (its tasks' private writable "
		  "mappings, each mm once: OpenVZ's privvmpages)");
	value(fig, "%s  (peak %s)", size_text(a->privvm),
	      size_text(a->privvm_peak));
	raw(fig, "privvm = %llu, privvm_peak = %llu", ULL(a->privvm),
	    ULL(a->privvm_peak));

	fig = add(f, &n, max, "files, tasks", NR_COLUMNS,
		  "module: its tasks' open files",
		  ACCOUNT ".nr_files (open files, each once), .nr_threads, "
		  ".nr_procs");
	value(fig, "%u open files, %u threads in %u processes", a->nr_files,
	      a->nr_threads, a->nr_procs);
	raw(fig, "nr_files = %u, nr_threads = %u, nr_procs = %u",
	    a->nr_files, a->nr_threads, a->nr_procs);

	fig = add(f, &n, max, "pids", NR_COLUMNS,
		  "pids.current, pids.max, pids.events",
		  ACCOUNT ".pids_current, .pids_max, .pids_failcnt (pids.current; "
		  "pids.max; pids.events: max, the forks refused)");
	if (has(r, CTLAB_ACCT_PIDS) && a->pids_max)
		value(fig, "%llu of %llu, forks refused %llu",
		      ULL(a->pids_current), ULL(a->pids_max),
		      ULL(a->pids_failcnt));
	else if (has(r, CTLAB_ACCT_PIDS))
		value(fig, "%llu, no limit, forks refused %llu",
		      ULL(a->pids_current), ULL(a->pids_failcnt));
	else
		value(fig, "- (no pids controller)");
	raw(fig, "pids_current = %llu, pids_max = %llu (0: max), "
	    "pids_failcnt = %llu", ULL(a->pids_current), ULL(a->pids_max),
	    ULL(a->pids_failcnt));

	fig = add(f, &n, max, "swap", NR_COLUMNS,
		  "memory.swap.current, .peak",
		  ACCOUNT ".swap, .swap_peak (memory.swap.current; "
		  "memory.swap.peak, Linux 6.5 on)");
	if (has(r, CTLAB_ACCT_MEMCG))
		value(fig, "%s  (peak %s)", size_text(a->swap),
		      has(r, CTLAB_ACCT_SWAP_PEAK) ? size_text(a->swap_peak) :
		      "- before 6.5");
	else
		value(fig, "- (no cgroup)");
	raw(fig, "swap = %llu, swap_peak = %llu", ULL(a->swap),
	    ULL(a->swap_peak));

	fig = add(f, &n, max, "memory events", NR_COLUMNS, "memory.events",
		  ACCOUNT ".ev_low, .ev_high, .ev_max, .ev_oom, .ev_oom_kill "
		  "(memory.events: low, high, max, oom, oom_kill)");
	if (has(r, CTLAB_ACCT_MEMCG))
		value(fig, "low %llu, high %llu, max %llu, oom %llu, kills %llu",
		      ULL(a->ev_low), ULL(a->ev_high), ULL(a->ev_max),
		      ULL(a->ev_oom), ULL(a->ev_oom_kill));
	else
		value(fig, "- (no cgroup)");
	raw(fig, "ev_low = %llu, ev_high = %llu, ev_max = %llu, ev_oom = "
	    "%llu, ev_oom_kill = %llu", ULL(a->ev_low), ULL(a->ev_high),
	    ULL(a->ev_max), ULL(a->ev_oom), ULL(a->ev_oom_kill));

	fig = add(f, &n, max, "pressure", NR_COLUMNS,
		  "memory.pressure: time stalled",
		  ACCOUNT ".psi_some_avg10, .psi_full_avg10 (hundredths of a "
		  "%), .psi_some_total, .psi_full_total (us) (memory.pressure)");
	if (has(r, CTLAB_ACCT_PSI))
		value(fig, "some %.2f %%, full %.2f %% (10 s); %.3f s, %.3f s",
		      a->psi_some_avg10 / 100.0, a->psi_full_avg10 / 100.0,
		      a->psi_some_total / 1e6, a->psi_full_total / 1e6);
	else
		value(fig, "- (" CTLAB_PSI_OFF ")");
	raw(fig, "psi_some_avg10 = %u, psi_full_avg10 = %u, psi_some_total "
	    "= %llu, psi_full_total = %llu", a->psi_some_avg10,
	    a->psi_full_avg10, ULL(a->psi_some_total),
	    ULL(a->psi_full_total));
	return n;
}

void row_account(struct row *r, int fd)
{
	if (r->type != ROW_CT || r->acct_asked || fd < 0)
		return;
	r->acct_asked = true;
	r->acct_why[0] = '\0';
	r->acct_err = ctlab_account(fd, r->raw.ct.id, &r->acct);
	if (r->acct_err)
		ctlab_account_missing(fd, r->acct_err, r->acct_why,
				      sizeof(r->acct_why));
}

static size_t container_figures(const struct row *r, struct figure *f,
				size_t max)
{
	const struct ctlab_stats *st = &r->raw.ct;
	struct figure *fig;
	size_t n = 0;

	fig = add(f, &n, max, "RSS", COL_MEM,
		  "module: VmRSS summed, each mm once", NULL);
	value(fig, "%s  (anon %s, file %s, shmem %s)", size_text(st->rss),
	      size_text(st->rss_anon), size_text(st->rss_file),
	      size_text(st->rss_shmem));
	raw(fig, "rss = %llu = rss_anon %llu + rss_file %llu + rss_shmem %llu",
	    ULL(st->rss), ULL(st->rss_anon), ULL(st->rss_file),
	    ULL(st->rss_shmem));

	fig = add(f, &n, max, "RSS peak", COL_PEAK,
		  "module: the most seen (maxheld)", NULL);
	value(fig, "%s", size_text(r->peak));
	raw(fig, "rss_peak = %llu", ULL(st->rss_peak));

	fig = add(f, &n, max, "cgroup charge", COL_BAR,
		  "memory.current: RSS + page cache + kernel", NULL);
	value(fig, "%s  (peak %s)", size_text(st->charge),
	      size_text(st->charge_peak));
	raw(fig, "charge = %llu, charge_peak = %llu", ULL(st->charge),
	    ULL(st->charge_peak));

	fig = add(f, &n, max, "limit", COL_LIMIT,
		  "memory.max, set by the module", NULL);
	value(fig, "%s  (failcnt %llu, OOM kills %llu)",
	      st->limit ? size_text(st->limit) : "none", ULL(st->failcnt),
	      ULL(st->oom_kills));
	raw(fig, "limit = %llu, failcnt = %llu, oom_kills = %llu",
	    ULL(st->limit), ULL(st->failcnt), ULL(st->oom_kills));

	fig = add(f, &n, max, "tasks", COL_TASKS, "module: its PID namespace",
		  NULL);
	value(fig, "%u processes, %u threads", st->nr_procs, st->nr_threads);
	raw(fig, "nr_procs = %u, nr_threads = %u", st->nr_procs,
	    st->nr_threads);

	fig = add(f, &n, max, "CPU", COL_CPU,
		  "module: its tasks' time, live and exited", NULL);
	value(fig, "%.1f %% of a CPU", r->cpu_pct < 0 ? 0 : r->cpu_pct);
	raw(fig, "utime = %llu ns, stime = %llu ns", ULL(st->utime),
	    ULL(st->stime));

	fig = add(f, &n, max, "disk", COL_DISK,
		  "cgroup io.stat: block devices only", NULL);
	value(fig, "%s  (read %s, written %s)", rate(&r->disk),
	      size_text(r->disk.in), size_text(r->disk.out));
	raw(fig, "rbytes = %llu, wbytes = %llu (every device's line, summed)",
	    ULL(r->disk.in), ULL(r->disk.out));

	fig = add(f, &n, max, "net", COL_NET,
		  "its veth, seen from the host's end", NULL);
	value(fig, "%s  (received %s, sent %s)", rate(&r->net),
	      size_text(r->net.in), size_text(r->net.out));
	raw(fig, "rx_bytes = %llu, tx_bytes = %llu (the host's end receives "
	    "what the container sends)", ULL(r->net.in), ULL(r->net.out));
	return account_figures(r, f, n, max);
}

static size_t guest_figures(const struct row *r, struct figure *f,
			    size_t max)
{
	const struct ctlab_vm_stats *st = &r->raw.vm;
	struct figure *fig;
	size_t n = 0;

	fig = add(f, &n, max, "QEMU RSS", COL_MEM,
		  "host: /proc/PID/smaps_rollup", NULL);
	value(fig, "%s  (PSS %s)", size_text(st->rss), size_text(st->pss));
	raw(fig, "Rss: %llu kB, Pss: %llu kB", ULL(st->rss >> 10),
	    ULL(st->pss >> 10));

	fig = add(f, &n, max, "guest RAM", NR_COLUMNS,
		  "host: resident pages of QEMU's RAM mapping",
		  "/proc/PID/smaps: Rss of QEMU's anonymous mapping as large as "
		  "the guest's RAM (-m)");
	value(fig, "%s of %s", size_text(st->ram_rss), size_text(st->mem));
	raw(fig, "Rss: %llu kB of a %llu kB mapping", ULL(st->ram_rss >> 10),
	    ULL(st->mem >> 10));

	fig = add(f, &n, max, "balloon leaves", COL_LIMIT, "QMP query-balloon",
		  NULL);
	value(fig, "%s", size_text(st->balloon_actual));
	raw(fig, "{\"return\": {\"actual\": %llu}}", ULL(st->balloon_actual));

	fig = add(f, &n, max, "guest's view", COL_BAR, st->guest_stats ?
		  "its balloon driver (guest /proc/meminfo)" :
		  "its balloon driver reports once booted", NULL);
	if (st->guest_stats) {
		value(fig, "total %s, free %s, avail %s",
		      size_text(st->guest_total), size_text(st->guest_free),
		      size_text(st->guest_available));
		raw(fig, "{\"stat-total-memory\": %llu, \"stat-free-memory\": "
		    "%llu, \"stat-available-memory\": %llu}, %lld s old",
		    ULL(st->guest_total), ULL(st->guest_free),
		    ULL(st->guest_available), (long long)st->guest_stats_age_s);
	} else {
		value(fig, "not reported yet");
		raw(fig, "{\"stats\": {}, \"last-update\": 0}");
	}

	fig = add(f, &n, max, "machine", NR_COLUMNS,
		  "QMP query-status, query-cpus-fast",
		  "QMP query-status (\"status\") and query-cpus-fast (a host "
		  "thread per vCPU); vm.json for the accelerator");
	value(fig, "%u vCPU, %s, %s", st->cpus, st->accel, st->status);
	raw(fig, "{\"return\": {\"status\": \"%s\", ...}}; %u vCPU threads",
	    st->status, st->nr_vcpus);

	fig = add(f, &n, max, "CPU", COL_CPU, "host: all of QEMU's threads",
		  NULL);
	value(fig, "%.1f %% of a CPU", r->cpu_pct < 0 ? 0 : r->cpu_pct);
	raw(fig, "utime + stime = %llu ns (counted in clock ticks)",
	    ULL(st->cpu_ns));

	fig = add(f, &n, max, "disk", COL_DISK, "QMP query-blockstats", NULL);
	value(fig, "%s  (read %s, written %s)", rate(&r->disk),
	      size_text(r->disk.in), size_text(r->disk.out));
	if (st->disk_stats)
		raw(fig, "{\"rd_bytes\": %llu, \"wr_bytes\": %llu} (every "
		    "device's \"stats\", summed)", ULL(r->disk.in),
		    ULL(r->disk.out));
	else
		raw(fig, "{\"return\": []}: no disk");
	return n;
}

size_t row_figures(const struct row *r, struct figure *out, size_t max)
{
	return r->type == ROW_CT ? container_figures(r, out, max) :
				   guest_figures(r, out, max);
}

const char *figure_where(const struct figure *f, enum row_type type)
{
	if (f->where)
		return f->where;
	if (f->col >= NR_COLUMNS)
		return "?";
	return type == ROW_CT ? columns[f->col].ct_source :
				columns[f->col].vm_source;
}
