// SPDX-License-Identifier: GPL-2.0
/*
 * replay.c: `ctlab top --record FILE` and `--replay FILE`.
 *
 * A recording is JSON Lines: one object per full refresh, the same one
 * `ctlab top -b --json` prints (export.c), with every row.  A lab report
 * can quote it, jq can read it, and --replay plays it back in the
 * dashboard, one snapshot per refresh: sorting, filtering, the detail
 * pane and its explain view work as they do live; stopping and killing
 * do not, there is nothing to stop.
 *
 * Reading a snapshot back is the inverse of row_json(): each figure
 * under the name it was written with.  What the recording does not hold
 * (the CPU time behind CPU%, a guest's vCPU threads) stays zero; the
 * rates are replayed as recorded, not measured again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "top.h"

/* ---- recording -------------------------------------------------------- */

int record_snapshot(FILE *f, const struct snapshot *s, long sample_nr,
		    long long when, const char *why)
{
	size_t *order = malloc((s->nr_rows + 1) * sizeof(*order)), i;
	json_t *j;
	int err;

	if (!order)
		return -ENOMEM;
	for (i = 0; i < s->nr_rows; i++)
		order[i] = i;
	j = snapshot_json(s, order, s->nr_rows, sample_nr, when, why);
	free(order);
	err = json_dumpf(j, f, JSON_COMPACT | JSON_REAL_PRECISION(10)) ||
	      fputc('\n', f) == EOF || fflush(f) ? -EIO : 0;
	json_decref(j);
	return err;
}

/* ---- replaying -------------------------------------------------------- */

/* Past 2^63 export.c wrote a real: 2^64 - 1 comes back as 2^64. */
static uint64_t u64(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	double d = json_number_value(v);

	if (json_is_integer(v))
		return json_integer_value(v) > 0 ?
		       (uint64_t)json_integer_value(v) : 0;
	return d >= 0x1p64 ? UINT64_MAX : d > 0 ? (uint64_t)d : 0;
}

/* A figure that may be null: -1 then, as the row keeps "not known". */
static double maybe(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : -1;
}

static void copy(char *dst, size_t len, json_t *o, const char *key)
{
	snprintf(dst, len, "%s", json_string_value(json_object_get(o, key)) ?: "");
}

static void counter_back(struct counter *c, json_t *j, const char *in,
			 const char *out)
{
	c->known = json_is_object(j);
	c->in = u64(j, in);
	c->out = u64(j, out);
	c->rate = c->known ? maybe(j, "bps") : -1;
}

static void ct_back(struct row *r, json_t *j)
{
	struct ctlab_stats *st = &r->raw.ct;

	st->id = (uint32_t)u64(j, "id");
	st->init_pid = (int32_t)u64(j, "init_pid");
	st->nr_procs = (uint32_t)u64(j, "nr_procs");
	st->nr_threads = (uint32_t)u64(j, "nr_threads");
	st->rss = r->mem;
	st->rss_peak = r->peak;
	st->rss_anon = u64(j, "rss_anon");
	st->rss_file = u64(j, "rss_file");
	st->rss_shmem = u64(j, "rss_shmem");
	st->charge = u64(j, "charge");
	st->charge_peak = u64(j, "charge_peak");
	st->limit = r->limit;
	st->failcnt = r->failcnt;
	st->oom_kills = u64(j, "oom_kills");
	st->utime = u64(j, "utime_ns");
	st->stime = u64(j, "stime_ns");
	copy(st->name, sizeof(st->name), j, "name");
}

static void vm_back(struct row *r, json_t *j)
{
	struct ctlab_vm_stats *st = &r->raw.vm;
	json_t *g = json_object_get(j, "guest");

	copy(st->name, sizeof(st->name), j, "name");
	copy(st->status, sizeof(st->status), j, "status");
	copy(st->accel, sizeof(st->accel), j, "accel");
	st->alive = json_is_true(json_object_get(j, "alive"));
	st->pid = r->pid;
	st->cpus = (unsigned int)u64(j, "cpus");
	st->mem = u64(j, "mem");
	st->balloon_actual = u64(j, "balloon_actual");
	st->rss = r->mem;
	st->pss = u64(j, "pss");
	st->ram_rss = u64(j, "ram_rss");
	st->cpu_ns = u64(j, "cpu_ns");
	st->boot_s = maybe(j, "boot_s");
	st->guest_stats = json_is_object(g);
	st->guest_total = u64(g, "mem_total");
	st->guest_free = u64(g, "mem_free");
	st->guest_available = u64(g, "mem_available");
	st->guest_stats_age_s = (int64_t)u64(g, "age_s");
	st->disk_stats = r->disk.known;
	st->disk_read = r->disk.in;
	st->disk_written = r->disk.out;
}

/* One row of a recording, as row_json() wrote it. */
static void row_back(struct row *r, json_t *j)
{
	memset(r, 0, sizeof(*r));
	r->type = !strcmp(json_string_value(json_object_get(j, "type")) ?: "",
			  "VM") ? ROW_VM : ROW_CT;
	copy(r->name, sizeof(r->name), j, "name");
	copy(r->state, sizeof(r->state), j, "state");
	r->pid = (pid_t)u64(j, "pid");
	r->mem = u64(j, "rss");
	r->peak = u64(j, "rss_peak");
	r->limit = u64(j, "limit");
	r->used = u64(j, "used");
	r->tasks = (unsigned int)u64(j, "tasks");
	r->failcnt = u64(j, "failcnt");
	r->cpu_pct = maybe(j, "cpu_pct");
	r->uptime_s = maybe(j, "uptime_s");
	counter_back(&r->disk, json_object_get(j, "disk"), "read", "written");
	counter_back(&r->net, json_object_get(j, "net"), "rx", "tx");
	if (r->type == ROW_CT)
		ct_back(r, j);
	else
		vm_back(r, j);
}

int snapshot_from_json(json_t *j, struct snapshot *s)
{
	json_t *rows = json_object_get(j, "rows"), *host, *mod, *row;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (!json_is_array(rows))
		return -EPROTO;
	s->wall = (long long)json_number_value(json_object_get(j, "time"));
	host = json_object_get(j, "host");
	s->host.mem_total = u64(host, "mem_total");
	s->host.mem_available = u64(host, "mem_available");
	s->host.cpu_pct = maybe(host, "cpu_pct");
	s->host.nr_cpus = (unsigned int)u64(host, "cpus");
	mod = json_object_get(j, "module");
	s->module = json_is_object(mod);
	s->version.abi_major = (uint32_t)u64(mod, "abi_major");
	s->version.abi_minor = (uint32_t)u64(mod, "abi_minor");
	s->rows = calloc(json_array_size(rows) + 1, sizeof(*s->rows));
	if (!s->rows)
		return -ENOMEM;
	json_array_foreach(rows, i, row) {
		row_back(&s->rows[s->nr_rows], row);
		if (s->rows[s->nr_rows].type == ROW_CT)
			s->nr_ct++;
		else
			s->nr_vm++;
		s->nr_rows++;
	}
	return 0;
}

/*
 * The next snapshot of the recording @f into @now, its rows' sparkline
 * history carried over from @prev; *@nr counts them.  Returns 0,
 * -ENODATA at its end, or -EPROTO for one that is not ours (and says
 * which in @why).
 */
int replay_next(FILE *f, struct snapshot *now, const struct snapshot *prev,
		long *nr, char *why, size_t why_len)
{
	json_error_t jerr;
	json_t *j;
	size_t i, k;
	int err;

	/* One value at a time; the newlines between them are whitespace.
	 * A last line cut short (the recorder was killed) ends it too. */
	j = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr);
	(*nr)++;
	if (!j && feof(f)) {
		(*nr)--;
		return -ENODATA;
	}
	if (!j) {
		snprintf(why, why_len, "snapshot %ld: %s", *nr, jerr.text);
		return -EPROTO;
	}
	err = snapshot_from_json(j, now);
	json_decref(j);
	if (err) {
		snprintf(why, why_len, "snapshot %ld: not one of ctlab top's",
			 *nr);
		return err;
	}
	for (i = 0; i < now->nr_rows; i++) {
		struct row *r = &now->rows[i];

		for (k = 0; prev && k < prev->nr_rows; k++) {
			const struct row *old = &prev->rows[k];

			if (old->type == r->type && !strcmp(old->name, r->name)) {
				r->mem_hist = old->mem_hist;
				r->cpu_hist = old->cpu_hist;
				break;
			}
		}
		history_push(&r->mem_hist, (float)r->mem);
		history_push(&r->cpu_hist, r->cpu_pct < 0 ? 0 : (float)r->cpu_pct);
	}
	return 0;
}
