// SPDX-License-Identifier: GPL-2.0
/*
 * vm_stats.c: one guest's figures, from three points of view.
 *
 *   QEMU (over QMP)    its status, the RAM it was given, what the balloon
 *                      leaves the guest, what its disks read and wrote
 *                      (query-blockstats), and which host thread runs
 *                      each vCPU (query-cpus-fast)
 *   the guest kernel   its MemTotal/MemFree/MemAvailable, reported by its
 *                      balloon driver every second (the host asked for
 *                      that with guest-stats-polling-interval at start)
 *   the host kernel    QEMU's RSS, PSS and CPU time, per vCPU thread too
 *
 * Putting them side by side is the point: a guest's "free" memory is
 * still resident in the host, and a guest's idle vCPU may still cost
 * host CPU.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define QMP_TIMEOUT_MS 5000	/* ctlab_vm_stats()'s, per question */

/* A number QMP sent; its "unknown" (-1, or 2^64-1 unsigned) becomes 0. */
static uint64_t u64_of(json_t *obj, const char *key)
{
	double v = json_number_value(json_object_get(obj, key));

	return v > 0 && v < 0x1p63 ? (uint64_t)v : 0;
}

static void ask_status(struct ctlab_qmp *qmp, struct ctlab_vm_stats *st,
		       int timeout_ms)
{
	json_t *r;

	if (ctlab_qmp_execute(qmp, "query-status", NULL, &r, timeout_ms))
		return;
	snprintf(st->status, sizeof(st->status), "%s",
		 json_string_value(json_object_get(r, "status")) ?: "?");
	json_decref(r);
}

static void ask_memory(struct ctlab_qmp *qmp, struct ctlab_vm_stats *st,
		       int timeout_ms)
{
	json_t *r;

	if (!ctlab_qmp_execute(qmp, "query-memory-size-summary", NULL, &r,
			       timeout_ms)) {
		st->mem = u64_of(r, "base-memory");
		json_decref(r);
	}
	if (!ctlab_qmp_execute(qmp, "query-balloon", NULL, &r, timeout_ms)) {
		st->balloon_actual = u64_of(r, "actual");
		json_decref(r);
	}
}

/* The guest's own memory figures, as its balloon driver last sent them. */
static void ask_guest_stats(struct ctlab_qmp *qmp, struct ctlab_vm_stats *st,
			    int timeout_ms)
{
	json_t *args, *r, *stats;
	double updated;

	args = json_pack("{s:s, s:s}", "path", "/machine/peripheral/balloon0",
			 "property", "guest-stats");
	if (!args)
		return;
	if (ctlab_qmp_execute(qmp, "qom-get", args, &r, timeout_ms)) {
		json_decref(args);
		return;
	}
	json_decref(args);
	stats = json_object_get(r, "stats");
	updated = json_number_value(json_object_get(r, "last-update"));
	/* 0: the driver has not reported (yet). */
	if (updated > 0 && u64_of(stats, "stat-total-memory")) {
		st->guest_stats = true;
		st->guest_total = u64_of(stats, "stat-total-memory");
		st->guest_free = u64_of(stats, "stat-free-memory");
		st->guest_available = u64_of(stats, "stat-available-memory");
		st->guest_stats_age_s = (int64_t)time(NULL) - (int64_t)updated;
	}
	json_decref(r);
}

/* What the guest's disks have read and written, all of them together. */
static void ask_blockstats(struct ctlab_qmp *qmp, struct ctlab_vm_stats *st,
			   int timeout_ms)
{
	json_t *r, *dev, *stats;
	size_t i;

	if (ctlab_qmp_execute(qmp, "query-blockstats", NULL, &r, timeout_ms))
		return;
	json_array_foreach(r, i, dev) {
		stats = json_object_get(dev, "stats");
		st->disk_read += u64_of(stats, "rd_bytes");
		st->disk_written += u64_of(stats, "wr_bytes");
		st->disk_stats = true;
	}
	json_decref(r);
}

/* Which host thread runs which vCPU, and the CPU time of each. */
static void ask_vcpus(struct ctlab_qmp *qmp, struct ctlab_vm_stats *st,
		      int timeout_ms)
{
	json_t *r, *cpu;
	size_t i;

	if (ctlab_qmp_execute(qmp, "query-cpus-fast", NULL, &r, timeout_ms))
		return;
	json_array_foreach(r, i, cpu) {
		struct ctlab_vcpu *v;

		if (st->nr_vcpus == CTLAB_VM_MAX_CPUS)
			break;
		v = &st->vcpu[st->nr_vcpus++];
		v->tid = (pid_t)u64_of(cpu, "thread-id");
		ctlab_proc_cpu(st->pid, v->tid, &v->cpu_ns);
	}
	json_decref(r);
}

static double read_boot_time(const char *name)
{
	char path[PATH_MAX];
	double s = -1;
	FILE *f;

	if (vm_path(name, "ready", path, sizeof(path)))
		return -1;
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%lf", &s) != 1)
		s = -1;
	fclose(f);
	return s;
}

int ctlab_vm_stats(const char *name, struct ctlab_vm_stats *st)
{
	return ctlab_vm_stats_within(name, QMP_TIMEOUT_MS, st);
}

int ctlab_vm_stats_within(const char *name, int timeout_ms,
			  struct ctlab_vm_stats *st)
{
	struct ctlab_qmp *qmp;
	struct vm_record rec;
	char dir[PATH_MAX];
	int err;

	memset(st, 0, sizeof(*st));
	if (ctlab_name_valid(name))
		return -EINVAL;
	err = vm_path(name, "", dir, sizeof(dir));
	if (err)
		return err;
	if (access(dir, F_OK))
		return -ENOENT;
	snprintf(st->name, sizeof(st->name), "%s", name);
	snprintf(st->status, sizeof(st->status), "dead");
	st->boot_s = read_boot_time(name);
	if (vm_read_record(name, &rec))
		return 0;	/* a directory and nothing we can use: dead */
	st->pid = rec.pid;
	st->mem = rec.mem;
	st->cpus = rec.cpus;
	snprintf(st->accel, sizeof(st->accel), "%s", rec.accel);
	st->alive = vm_alive(&rec);
	if (!st->alive)
		return 0;

	ctlab_proc_mem(rec.pid, &st->rss, &st->pss);
	ctlab_proc_anon_rss(rec.pid, rec.mem, &st->ram_rss);
	snprintf(st->status, sizeof(st->status), "unresponsive");
	if (!vm_qmp(name, timeout_ms, &qmp)) {
		ask_status(qmp, st, timeout_ms);
		ask_memory(qmp, st, timeout_ms);
		ask_guest_stats(qmp, st, timeout_ms);
		ask_blockstats(qmp, st, timeout_ms);
		ask_vcpus(qmp, st, timeout_ms);
		ctlab_qmp_close(qmp);
	}
	/*
	 * QEMU's CPU time last, after the QMP questions (which may take a
	 * second): a caller that reads its clock when this returns must
	 * get the time of this reading, or a rate over it is wrong by as
	 * much as the questions took (an idle guest once showed 2185 %).
	 */
	ctlab_proc_cpu(rec.pid, 0, &st->cpu_ns);
	st->cpu_at_ns = ctlab_now_ns();
	return 0;
}
