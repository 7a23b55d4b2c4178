// SPDX-License-Identifier: GPL-2.0
/*
 * export.c: a snapshot as CSV and as JSON, for batch mode (batch.c).
 *
 * Both use the names `ctlab ps --json` and `ctlab vm ls --json` give the
 * same figures, so a script can join them: "rss" (a container's, counted
 * by the module; QEMU's, from /proc), "rss_peak", "limit" (a container's
 * limit; the RAM a guest was given), "failcnt", "uptime_s"; "pid" is a
 * container's init or QEMU.  "used" is what the USE bar measures against
 * the limit (the cgroup's charge; QEMU's RSS), "tasks" the processes or
 * vCPUs, "cpu_pct" the share of one host CPU since the last snapshot.
 *
 *   CSV    a header line, then a line per row: sizes in bytes, times in
 *          seconds, an empty field for what is not known yet (CPU% in
 *          a first snapshot, the PID and uptime of what does not run).  Names
 *          and states never hold a comma or a quote: no quoting needed.
 *   JSON   an object per snapshot (batch.c prints one per line: JSON
 *          Lines).  "disk" ({"read", "written", "bps"}) and "net"
 *          ({"rx", "tx", "bps"}) are byte counters and their rate, null
 *          where there is nothing to count.  Each row also carries its
 *          own kind's figures, the very object ps --json or vm ls --json
 *          prints (lib/describe.c): a container's "charge", "nr_procs",
 *          "rss_anon"...; a guest's "status", "mem", "pss", "ram_rss",
 *          "guest"...
 *
 * States are ps's and vm ls's, but for a guest still booting (QMP says
 * "running", the ready marker has not come yet), whose state is
 * "booting"; its "status" keeps QMP's word.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "top.h"

/* ---- CSV ------------------------------------------------------------ */

const char csv_header[] =
	"sample,time,type,name,state,pid,cpu_pct,rss,rss_peak,limit,used,tasks,uptime_s,failcnt";

int csv_row(const struct row *r, long sample_nr, long long when, char *buf,
	    size_t len)
{
	char cpu[24] = "", uptime[24] = "", pid[16] = "";

	if (r->pid > 0)		/* not a created container or a dead guest */
		snprintf(pid, sizeof(pid), "%d", (int)r->pid);
	if (r->cpu_pct >= 0)
		snprintf(cpu, sizeof(cpu), "%.1f", r->cpu_pct);
	if (r->uptime_s >= 0)
		snprintf(uptime, sizeof(uptime), "%.0f", r->uptime_s);
	return snprintf(buf, len, "%ld,%lld,%s,%s,%s,%s,%s,%llu,%llu,%llu,%llu,%u,%s,%llu",
			sample_nr, when, r->type == ROW_CT ? "CT" : "VM",
			r->name, r->state, pid, cpu,
			(unsigned long long)r->mem, (unsigned long long)r->peak,
			(unsigned long long)r->limit,
			(unsigned long long)r->used, r->tasks, uptime,
			(unsigned long long)r->failcnt);
}

/* ---- JSON ----------------------------------------------------------- */

/* A real to a tenth, or null when not known (< 0). */
static json_t *maybe(double v)
{
	return v >= 0 ? json_real(round(v * 10) / 10) : json_null();
}

/*
 * A number of bytes that may not fit jansson's integers (signed 64
 * bits): a limit of 2^64 - 1 must not read -1.  Past 2^63 it is a real,
 * 1.8446744073709552e+19, as near as JSON readers get anyway.
 */
static json_t *json_u64(uint64_t v)
{
	return v <= INT64_MAX ? json_integer((json_int_t)v) :
				json_real((double)v);
}

/* jansson fails only without memory: nothing to save then. */
static json_t *must(json_t *j)
{
	if (!j)
		abort();
	return j;
}

/* A byte counter and its rate: {"in":..., "out":..., "bps":...}, or
 * null when it could not be read. */
static json_t *counter_json(const struct counter *c, const char *in,
			    const char *out)
{
	if (!c->known)
		return json_null();
	return must(json_pack("{s:I, s:I, s:o}", in, (json_int_t)c->in,
			      out, (json_int_t)c->out, "bps", maybe(c->rate)));
}

/* The table's figures, then the row's own kind's. */
json_t *row_json(const struct row *r)
{
	json_t *j = must(json_pack("{s:s, s:s, s:s, s:i, s:I, s:I, s:o, s:I, s:i, s:I}",
				   "type", r->type == ROW_CT ? "CT" : "VM",
				   "name", r->name, "state", r->state,
				   "pid", (int)r->pid,
				   "rss", (json_int_t)r->mem,
				   "rss_peak", (json_int_t)r->peak,
				   "limit", json_u64(r->limit),
				   "used", (json_int_t)r->used,
				   "tasks", (int)r->tasks,
				   "failcnt", (json_int_t)r->failcnt));

	json_object_set_new(j, "cpu_pct", maybe(r->cpu_pct));
	json_object_set_new(j, "uptime_s", maybe(r->uptime_s));
	json_object_set_new(j, "disk", counter_json(&r->disk, "read", "written"));
	json_object_set_new(j, "net", counter_json(&r->net, "rx", "tx"));
	/* The rest as ps --json and vm ls --json say it (lib/describe.c). */
	json_object_update_missing_new(j, must(r->type == ROW_CT ?
		ctlab_ct_json(&r->raw.ct) : ctlab_vm_json(&r->raw.vm)));
	return j;
}

json_t *snapshot_json(const struct snapshot *s, const size_t *order,
		      size_t n, long sample_nr, long long when, const char *why)
{
	json_t *rows = must(json_array()), *j;
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(rows, row_json(&s->rows[order[i]]));
	j = must(json_pack("{s:I, s:I, s:{s:I, s:I, s:o, s:i}, s:i, s:i, s:o}",
			   "sample", (json_int_t)sample_nr, "time", (json_int_t)when,
			   "host", "mem_total", (json_int_t)s->host.mem_total,
			   "mem_available", (json_int_t)s->host.mem_available,
			   "cpu_pct", maybe(s->host.cpu_pct),
			   "cpus", (int)s->host.nr_cpus,
			   "containers", (int)s->nr_ct, "guests", (int)s->nr_vm,
			   "rows", rows));
	if (s->module) {
		json_object_set_new(j, "module", must(json_pack("{s:i, s:i}",
			"abi_major", (int)s->version.abi_major,
			"abi_minor", (int)s->version.abi_minor)));
	} else {
		json_object_set_new(j, "module", json_null());
		json_object_set_new(j, "notice", json_string(why ? why : ""));
	}
	return j;
}
