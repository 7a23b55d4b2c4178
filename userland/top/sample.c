// SPDX-License-Identifier: GPL-2.0
/*
 * sample.c: one snapshot of the host, its containers and its guests.
 *
 * Containers come from the module: one STATS call each, which returns
 * its latest sample, so a snapshot costs the same however many tasks a
 * container has.  Guests come from libctlab's ctlab_vm_stats(): QMP, the
 * guest's balloon driver and the host's /proc, all at once.
 *
 * A rate (CPU%) needs two snapshots: each row is matched with the row of
 * the same type and name in the previous snapshot, and carries its
 * history over from it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "top.h"

static double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the host ------------------------------------------------------- */

static void sample_host(struct host *h, const struct host *prev)
{
	unsigned long long v[8] = { 0 }, all = 0;
	char line[256];
	FILE *f;
	int i;

	h->nr_cpus = (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
	f = fopen("/proc/meminfo", "re");
	if (f) {
		unsigned long long kb;

		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
				h->mem_total = kb << 10;
			else if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
				h->mem_available = kb << 10;
		}
		fclose(f);
	}
	/* "cpu user nice system idle iowait irq softirq steal": busy is
	 * everything but idle and iowait. */
	h->cpu_pct = -1;
	f = fopen("/proc/stat", "re");
	if (!f)
		return;
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
		for (i = 0; i < 8; i++)
			all += v[i];
		h->cpu_all = all;
		h->cpu_busy = all - v[3] - v[4];
		if (prev && prev->cpu_all && all > prev->cpu_all)
			h->cpu_pct = 100.0 * (h->cpu_busy - prev->cpu_busy) /
				     (all - prev->cpu_all);
	}
	fclose(f);
}

/* A new, zeroed row at the end of @s->rows, which has room for @room. */
static struct row *new_row(struct snapshot *s, size_t *room)
{
	if (s->nr_rows == *room) {
		*room = *room ? *room * 2 : 64;
		s->rows = realloc(s->rows, *room * sizeof(*s->rows));
		if (!s->rows)
			abort();	/* as xmalloc would: nothing to save */
	}
	memset(&s->rows[s->nr_rows], 0, sizeof(struct row));
	return &s->rows[s->nr_rows++];
}

/* ---- containers ----------------------------------------------------- */

static void ct_row(struct row *r, const struct ctlab_stats *st)
{
	r->type = ROW_CT;
	snprintf(r->name, sizeof(r->name), "%s", st->name);
	snprintf(r->state, sizeof(r->state), "%s",
		 ctlab_ct_state_name(st->state));
	r->pid = st->init_pid;
	r->cpu_ns = st->utime + st->stime;
	r->mem = st->rss;
	r->peak = st->rss_peak;
	r->limit = st->limit;
	r->used = st->charge;
	r->tasks = st->nr_procs;
	r->failcnt = st->failcnt;
	r->uptime_s = ctlab_ct_uptime_s(st);
	r->raw.ct = *st;
}

/*
 * Each container's counter files, open from one refresh to the next
 * (libctlab's struct ctlab_ct_files: a pread() each, not an open), in
 * the order LIST gave them last time, so the next LIST finds each at
 * once.  @seen: the refresh that last found it; the others are closed.
 */
static struct ct_files {
	struct ctlab_ct_files f;
	unsigned int seen;
} *files;
static size_t nr_files;
static unsigned int refresh;

/* Container @st's entry (a new one if needed); @hint: where to look. */
static struct ctlab_ct_files *files_of(const struct ctlab_stats *st,
				       size_t hint)
{
	struct ct_files *e = NULL;
	size_t i;

	if (hint < nr_files && files[hint].f.id == st->id)
		e = &files[hint];
	for (i = 0; !e && i < nr_files; i++)
		if (files[i].f.id == st->id)
			e = &files[i];
	for (i = 0; !e && i < nr_files; i++)
		if (!files[i].f.id)
			e = &files[i];
	if (!e) {
		files = realloc(files, (nr_files + 1) * sizeof(*files));
		if (!files)
			abort();
		e = &files[nr_files++];
		ctlab_ct_files_init(&e->f);
	}
	e->seen = refresh;
	ctlab_ct_files_open(&e->f, st);
	return &e->f;
}

/* The files of containers no longer listed: closed, their slots free. */
static void files_forget(void)
{
	size_t i;

	for (i = 0; i < nr_files; i++)
		if (files[i].f.id && files[i].seen != refresh)
			ctlab_ct_files_close(&files[i].f);
}

/* Its disk (cgroup io.stat) and network (its veth's host end), if any. */
static void ct_counters(struct row *r, const struct ctlab_stats *st,
			size_t hint)
{
	struct ctlab_ct_files *f = files_of(st, hint);

	r->disk.known = !ctlab_ct_files_io(f, &r->disk.in, &r->disk.out);
	r->net.known = !ctlab_ct_files_net(f, &r->net.in, &r->net.out);
}

/*
 * Appends a row for every container the module shows us.  Its counters
 * are read on a full refresh only: in between, a refresh for an event
 * keeps the last rates (carry_over()), so it needs no new readings.
 */
static void sample_containers(struct snapshot *s, int fd, size_t *room,
			      bool full)
{
	struct ctlab_stats st;
	uint32_t *ids = NULL;
	int n, i;

	n = ctlab_list(fd, &ids);
	if (n < 0)
		return;
	refresh++;
	for (i = 0; i < n; i++) {
		struct row *r;

		/* One may go between LIST and STATS: it is just not shown. */
		if (ctlab_stats(fd, ids[i], NULL, &st))
			continue;
		r = new_row(s, room);
		ct_row(r, &st);
		if (full)
			ct_counters(r, &st, (size_t)i);
		r->at = monotonic_s();
		s->nr_ct++;
	}
	if (full)
		files_forget();
	free(ids);
}

/* ---- guests --------------------------------------------------------- */

/* VmHWM of /proc/PID/status: the most RSS the process has had. */
static uint64_t proc_rss_peak(pid_t pid)
{
	unsigned long long kb = 0;
	char path[64], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb << 10;
}

/* Seconds since process @pid started, or -1. */
static double proc_uptime(pid_t pid)
{
	double since_boot;
	uint64_t start;
	FILE *f;
	int n;

	if (ctlab_proc_start_time(pid, &start))
		return -1;
	f = fopen("/proc/uptime", "re");
	if (!f)
		return -1;
	n = fscanf(f, "%lf", &since_boot);
	fclose(f);
	return n == 1 ? since_boot - (double)start / sysconf(_SC_CLK_TCK) : -1;
}

/*
 * A guest's limit is the RAM its balloon leaves it, and what counts
 * against it is what the guest itself uses (MemTotal - MemAvailable, as
 * its balloon driver reports): at 100 % the guest is out of memory, as
 * a container at its limit is.  QEMU's RSS is no measure of that: it
 * holds QEMU's own memory too (a TCG QEMU ~200 MB), and guest pages the
 * guest has freed stay resident.  Until the driver reports (booting),
 * the guest RAM QEMU has resident stands in.
 */
static void guest_use(struct row *r, const struct ctlab_vm_stats *st)
{
	r->limit = st->balloon_actual ? st->balloon_actual : st->mem;
	if (st->guest_stats && st->guest_total >= st->guest_available)
		r->used = st->guest_total - st->guest_available;
	else
		r->used = st->ram_rss;
}

static void vm_row(struct row *r, struct ctlab_vm_stats *st)
{
	/* Started with --no-wait, nobody may be watching for the ready
	 * marker: look once, without waiting.  The boot time is then
	 * when we saw it, within one refresh of the truth. */
	if (st->alive && st->boot_s < 0)
		ctlab_vm_wait_ready(st->name, 0, &st->boot_s);

	r->type = ROW_VM;
	snprintf(r->name, sizeof(r->name), "%s", st->name);
	if (st->alive && st->boot_s < 0 && !strcmp(st->status, "running"))
		snprintf(r->state, sizeof(r->state), "booting");
	else
		snprintf(r->state, sizeof(r->state), "%s", st->status);
	r->pid = st->alive ? st->pid : 0;
	r->cpu_ns = st->cpu_ns;
	r->mem = st->rss;
	r->peak = st->alive ? proc_rss_peak(st->pid) : 0;
	guest_use(r, st);
	r->tasks = st->cpus;
	r->uptime_s = st->alive ? proc_uptime(st->pid) : -1;
	r->failcnt = 0;
	r->disk.known = st->disk_stats;
	r->disk.in = st->disk_read;
	r->disk.out = st->disk_written;
	r->raw.vm = *st;
}

/*
 * How long a guest may take to answer each QMP question before its row
 * says "unresponsive": a stopped or hung QEMU must not hold the screen
 * (keys included) for seconds at every refresh.  A guest nested in the
 * lab VM answers in tens of ms.
 */
#define QMP_PATIENCE_MS 1000

static void sample_guests(struct snapshot *s, size_t *room)
{
	struct ctlab_vm_stats st;
	char **names;
	int n, i;

	n = ctlab_vm_list(&names);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		struct row *r;
		double at;

		if (ctlab_vm_stats_within(names[i], QMP_PATIENCE_MS, &st))
			continue;
		/* At once: QEMU's CPU time is the last thing it reads, and
		 * the QMP questions before it may have taken a second. */
		at = monotonic_s();
		r = new_row(s, room);
		vm_row(r, &st);
		r->at = at;
		s->nr_vm++;
	}
	ctlab_strv_free(names);
}

/* ---- the snapshot --------------------------------------------------- */

static const struct row *find_row(const struct snapshot *s, enum row_type type,
				  const char *name)
{
	size_t i;

	for (i = 0; s && i < s->nr_rows; i++)
		if (s->rows[i].type == type && !strcmp(s->rows[i].name, name))
			return &s->rows[i];
	return NULL;
}

/*
 * CPU% is measured from one full refresh to the next, over the time
 * between the two readings of the row (not of the snapshots: a guest's
 * row may have been carried over from an earlier one).  The refreshes a
 * container's event brings in between keep the last figure: over their
 * quarter of a second, a sample of the module's that was a few ms late
 * at one end would be a large error.  Only a full refresh adds to the
 * history, so that its 60 samples span 60 refresh intervals however many
 * events come.  A row of the same name but another PID, or less CPU
 * time, is a new container or guest: it starts afresh.  What runs no
 * process (an exited container, a dead guest) has no CPU% at all.
 *
 * The peak is never below the figure it is the peak of: a guest's comes
 * from VmHWM and its RSS from smaps_rollup, two counts that can differ
 * by a few pages, so the larger one is kept, and kept from one snapshot
 * to the next (a container's is the module's, which a reset may lower).
 */
/* A counter's rate, measured over the same time as CPU% (@dt). */
static void carry_counter(struct counter *c, const struct counter *old,
			  bool full, double dt)
{
	uint64_t bytes = c->in + c->out;

	/* Between full refreshes a container's counters are not read. */
	if (!full && old) {
		*c = *old;
		return;
	}
	c->rate = -1;
	c->base = bytes;
	if (!full || !old || !c->known || !old->known || bytes < old->base)
		return;
	if (dt > 0)
		c->rate = (bytes - old->base) / dt;
}

void carry_over(struct row *r, const struct row *old, bool full)
{
	double dt;
	bool same;

	r->cpu_pct = -1;
	r->cpu_base_ns = r->cpu_ns;
	r->cpu_base_at = r->at;
	if (r->peak < r->mem)
		r->peak = r->mem;
	if (old && r->type == ROW_VM && r->pid && r->pid == old->pid &&
	    r->peak < old->peak)
		r->peak = old->peak;
	if (old && r->pid == old->pid && r->cpu_ns >= old->cpu_base_ns) {
		r->mem_hist = old->mem_hist;
		r->cpu_hist = old->cpu_hist;
		dt = r->at - old->cpu_base_at;
		if (!r->pid) {
			/* nothing runs: no rate */
		} else if (!full) {
			r->cpu_pct = old->cpu_pct;
			r->cpu_base_ns = old->cpu_base_ns;
			r->cpu_base_at = old->cpu_base_at;
		} else if (dt > 0) {
			r->cpu_pct = (r->cpu_ns - old->cpu_base_ns) / 1e7 / dt;
		}
	}
	same = old && r->pid && r->pid == old->pid;
	dt = same ? r->at - old->cpu_base_at : 0;
	carry_counter(&r->disk, same ? &old->disk : NULL, full, dt);
	carry_counter(&r->net, same ? &old->net : NULL, full, dt);
	if (full) {
		history_push(&r->mem_hist, (float)r->mem);
		history_push(&r->cpu_hist, r->cpu_pct < 0 ? 0 : (float)r->cpu_pct);
	}
}

void sample(struct snapshot *now, const struct snapshot *prev, int ctlab_fd,
	    bool guests)
{
	size_t room = 0, i;

	memset(now, 0, sizeof(*now));
	now->taken = monotonic_s();
	now->wall = (long long)time(NULL);
	sample_host(&now->host, prev ? &prev->host : NULL);
	now->module = ctlab_fd >= 0 && !ctlab_version(ctlab_fd, &now->version);
	if (now->module)
		sample_containers(now, ctlab_fd, &room, guests);
	if (guests) {
		sample_guests(now, &room);
	} else if (prev) {
		/* Keep the guests' rows as they were, history and all. */
		for (i = 0; i < prev->nr_rows; i++) {
			if (prev->rows[i].type != ROW_VM)
				continue;
			*new_row(now, &room) = prev->rows[i];
			now->nr_vm++;
		}
	}
	for (i = 0; i < now->nr_rows; i++) {
		struct row *r = &now->rows[i];

		if (r->type == ROW_VM && !guests)
			continue;
		carry_over(r, find_row(prev, r->type, r->name), guests);
	}
}

void snapshot_free(struct snapshot *snap)
{
	free(snap->rows);
	snap->rows = NULL;
	snap->nr_rows = 0;
}

int top_open_device(char *why, size_t len)
{
	int fd, err = ctlab_open(&fd);

	if (!err)
		return fd;
	snprintf(why, len, "%s", ctlab_open_error(err));
	return -1;
}
