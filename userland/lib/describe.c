// SPDX-License-Identifier: GPL-2.0
/*
 * describe.c: what ctlab says of a container or a guest, once: why
 * /dev/ctlab did not open, the names of states, a container's uptime and
 * exit code, and the JSON objects
 * that `ctlab ps --json`, `ctlab inspect`, `ctlab vm ls --json` and
 * `ctlab top -b --json` all print, so a script can join them; and the
 * "account" object (ACCOUNT, ABI 1.2) that `ctlab stats --json` and
 * `ctlab inspect` add to a container's.
 *
 * Sizes are bytes and times nanoseconds unless a name says otherwise
 * (uptime_s).  A figure not known is null, never 0 or -1.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "internal.h"

const char *ctlab_open_error(int err)
{
	switch (err) {
	case -ENOENT:
		return "the module is not loaded (ctlab module load)";
	case -EACCES:
		return "permission denied (root, or the module's group=, may use it)";
	case -EPROTO:
		return "the module speaks another ABI than this ctlab (rebuild both: make)";
	}
	return strerror(-err);
}

const char *ctlab_ct_state_name(uint32_t state)
{
	switch (state) {
	case CTLAB_STATE_CREATED:
		return "created";
	case CTLAB_STATE_RUNNING:
		return "running";
	case CTLAB_STATE_EXITED:
		return "exited";
	}
	return "unknown";
}

double ctlab_ct_uptime_s(const struct ctlab_stats *st)
{
	struct timespec now;

	if (!st->started)
		return -1;
	if (st->state == CTLAB_STATE_EXITED && st->exited)
		return (st->exited - st->started) / 1e9;
	/* The module's timestamps are CLOCK_BOOTTIME's. */
	clock_gettime(CLOCK_BOOTTIME, &now);
	return (now.tv_sec * 1e9 + now.tv_nsec - st->started) / 1e9;
}

int ctlab_ct_exit_code(const struct ctlab_stats *st)
{
	if (st->state != CTLAB_STATE_EXITED)
		return -1;
	if (WIFSIGNALED(st->exit_status))
		return 128 + WTERMSIG(st->exit_status);
	return WEXITSTATUS(st->exit_status);
}

/* jansson fails only without memory; a caller gets NULL then. */
static json_t *maybe_real(double v)
{
	return v >= 0 ? json_real(v) : json_null();
}

json_t *ctlab_ct_json(const struct ctlab_stats *st)
{
	int code = ctlab_ct_exit_code(st);
	json_t *j;

	j = json_pack("{s:i, s:s, s:s, s:i, s:i, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		      "id", (int)st->id, "name", st->name,
		      "state", ctlab_ct_state_name(st->state),
		      "init_pid", (int)st->init_pid, "nr_procs", (int)st->nr_procs,
		      "nr_procs_peak", (int)st->nr_procs_peak,
		      "nr_threads", (int)st->nr_threads,
		      "rss", (json_int_t)st->rss,
		      "rss_anon", (json_int_t)st->rss_anon,
		      "rss_file", (json_int_t)st->rss_file,
		      "rss_shmem", (json_int_t)st->rss_shmem,
		      "rss_peak", (json_int_t)st->rss_peak,
		      "swap", (json_int_t)st->swap,
		      "charge", (json_int_t)st->charge,
		      "charge_peak", (json_int_t)st->charge_peak,
		      "limit", (json_int_t)st->limit,
		      "barrier", (json_int_t)st->barrier,
		      "failcnt", (json_int_t)st->failcnt,
		      "oom_kills", (json_int_t)st->oom_kills,
		      "min_flt", (json_int_t)st->min_flt,
		      "utime_ns", (json_int_t)st->utime,
		      "stime_ns", (json_int_t)st->stime);
	if (!j)
		return NULL;
	json_object_set_new(j, "maj_flt", json_integer((json_int_t)st->maj_flt));
	json_object_set_new(j, "uptime_s", maybe_real(ctlab_ct_uptime_s(st)));
	json_object_set_new(j, "exit_code", code >= 0 ? json_integer(code) :
			    json_null());
	json_object_set_new(j, "exit_signal",
			    code >= 0 && WIFSIGNALED(st->exit_status) ?
			    json_string(sigabbrev_np(WTERMSIG(st->exit_status))) :
			    json_null());
	return j;
}

/* A group of figures the cgroup provided, or null. */
static json_t *if_valid(const struct ctlab_account *a, uint32_t group,
			json_t *j)
{
	if (a->valid & group)
		return j;
	json_decref(j);
	return json_null();
}

json_t *ctlab_account_json(const struct ctlab_account *a)
{
	json_t *j;

	j = json_pack("{s:I, s:I, s:i, s:i, s:i}",
		      "privvm", (json_int_t)a->privvm,
		      "privvm_peak", (json_int_t)a->privvm_peak,
		      "nr_files", (int)a->nr_files,
		      "nr_threads", (int)a->nr_threads,
		      "nr_procs", (int)a->nr_procs);
	if (!j)
		return NULL;
	json_object_set_new(j, "kmem", if_valid(a, CTLAB_ACCT_MEMCG,
		json_pack("{s:I, s:I, s:I, s:I, s:I}",
			  "total", (json_int_t)a->kmem,
			  "slab", (json_int_t)a->kmem_slab,
			  "stack", (json_int_t)a->kmem_stack,
			  "pagetables", (json_int_t)a->kmem_pagetables,
			  "sock", (json_int_t)a->kmem_sock)));
	json_object_set_new(j, "swap", if_valid(a, CTLAB_ACCT_MEMCG,
		json_integer((json_int_t)a->swap)));
	json_object_set_new(j, "swap_peak", if_valid(a, CTLAB_ACCT_SWAP_PEAK,
		json_integer((json_int_t)a->swap_peak)));
	/* pids.max "max" is 0 in the struct: no limit, null here. */
	json_object_set_new(j, "pids", if_valid(a, CTLAB_ACCT_PIDS,
		json_pack("{s:I, s:o, s:I}",
			  "current", (json_int_t)a->pids_current,
			  "max", a->pids_max ?
				 json_integer((json_int_t)a->pids_max) :
				 json_null(),
			  "failcnt", (json_int_t)a->pids_failcnt)));
	json_object_set_new(j, "events", if_valid(a, CTLAB_ACCT_MEMCG,
		json_pack("{s:I, s:I, s:I, s:I, s:I}",
			  "low", (json_int_t)a->ev_low,
			  "high", (json_int_t)a->ev_high,
			  "max", (json_int_t)a->ev_max,
			  "oom", (json_int_t)a->ev_oom,
			  "oom_kill", (json_int_t)a->ev_oom_kill)));
	/* avg10 comes in hundredths of a percent. */
	json_object_set_new(j, "pressure", if_valid(a, CTLAB_ACCT_PSI,
		json_pack("{s:f, s:I, s:f, s:I}",
			  "some_avg10_pct", a->psi_some_avg10 / 100.0,
			  "some_total_us", (json_int_t)a->psi_some_total,
			  "full_avg10_pct", a->psi_full_avg10 / 100.0,
			  "full_total_us", (json_int_t)a->psi_full_total)));
	return j;
}

int ctlab_ct_json_add_account(json_t *ct, int fd, uint32_t id)
{
	struct ctlab_account a;
	char why[128];
	int err = ctlab_account(fd, id, &a);

	if (!err) {
		json_object_set_new(ct, "account", ctlab_account_json(&a));
		return 0;
	}
	err = ctlab_account_missing(fd, err, why, sizeof(why));
	if (err)
		return err;
	/* An older module: say so, never zeroes that look measured. */
	json_object_set_new(ct, "account", json_null());
	json_object_set_new(ct, "account_missing", json_string(why));
	return 0;
}

json_t *ctlab_vm_json(const struct ctlab_vm_stats *st)
{
	json_t *j, *vcpus = json_array();
	unsigned int i;

	for (i = 0; i < st->nr_vcpus; i++)
		json_array_append_new(vcpus, json_pack("{s:i, s:I}",
			"thread_id", (int)st->vcpu[i].tid,
			"cpu_ns", (json_int_t)st->vcpu[i].cpu_ns));
	j = json_pack("{s:s, s:s, s:b, s:i, s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		      "name", st->name, "status", st->status, "alive", st->alive,
		      "pid", (int)st->pid, "accel", st->accel, "cpus", (int)st->cpus,
		      "mem", (json_int_t)st->mem,
		      "balloon_actual", (json_int_t)st->balloon_actual,
		      "rss", (json_int_t)st->rss, "pss", (json_int_t)st->pss,
		      "ram_rss", (json_int_t)st->ram_rss,
		      "cpu_ns", (json_int_t)st->cpu_ns, "vcpus", vcpus);
	if (!j)
		return NULL;
	json_object_set_new(j, "boot_s", maybe_real(st->boot_s));
	json_object_set_new(j, "guest", !st->guest_stats ? json_null() :
		json_pack("{s:I, s:I, s:I, s:I}",
			  "mem_total", (json_int_t)st->guest_total,
			  "mem_free", (json_int_t)st->guest_free,
			  "mem_available", (json_int_t)st->guest_available,
			  "age_s", (json_int_t)st->guest_stats_age_s));
	return j;
}
