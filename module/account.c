// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: ACCOUNT, a container's resources beyond STATS, from its
 * cgroup's own files.
 *
 * cgroup v2 already counts what OpenVZ's beancounters counted, and more:
 * kernel memory by kind (memory.stat), limit events (memory.events),
 * swap (memory.swap.current, .peak), tasks and refused forks (pids.*),
 * and how long the members waited for memory (memory.pressure, PSI).
 * Much of it is kept in per-CPU counters whose layout changes from one
 * kernel to the next and is not exported; the files are the stable
 * interface, so the module reads them, as `cat` would.  That costs a few
 * microseconds per file: fine for ACCOUNT and read(), which is why STATS,
 * the command a dashboard calls many times a second, does not do it.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

/* memory.stat is the largest file read: about 2 KiB on 6.12. */
#define CTLAB_FILE_MAX 8192

/* Reads the file @name of the container's cgroup into @buf, as a string. */
static int ctlab_cgroup_read(struct ctlab_container *c, const char *name,
			     char *buf)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = file_open_root(&c->cgroup_dir->f_path, name, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, CTLAB_FILE_MAX - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	buf[n] = 0;
	return 0;
}

/*
 * The number after "@key" (key and separator: "slab ", "avg10=") on a
 * line of @buf that starts with @line ("" for any line); 0 if none.
 * Decimals ("0.25") give hundredths when @hundredths is set.
 */
static u64 ctlab_field(const char *buf, const char *line, const char *key,
		       bool hundredths)
{
	size_t line_len = strlen(line), key_len = strlen(key);
	unsigned long long whole = 0, frac = 0;
	const char *p = buf, *k;

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, line, line_len))
			continue;
		for (k = p; *k && *k != '\n'; k++) {
			/* At the start of the line or of a word. */
			if ((k != p && k[-1] != ' ') || strncmp(k, key, key_len))
				continue;
			k += key_len;
			while (*k >= '0' && *k <= '9')
				whole = whole * 10 + (*k++ - '0');
			if (hundredths && *k == '.' && k[1] >= '0' && k[2] >= '0')
				frac = (k[1] - '0') * 10 + (k[2] - '0');
			return hundredths ? whole * 100 + frac : whole;
		}
	}
	return 0;
}

static void ctlab_account_memory(struct ctlab_container *c, char *buf,
				 struct ctlab_account *a)
{
	if (ctlab_cgroup_read(c, "memory.stat", buf))
		return;
	a->kmem_slab = ctlab_field(buf, "slab ", "slab ", false);
	a->kmem_stack = ctlab_field(buf, "kernel_stack ", "kernel_stack ",
				    false);
	a->kmem_pagetables = ctlab_field(buf, "pagetables ", "pagetables ",
					 false);
	a->kmem_sock = ctlab_field(buf, "sock ", "sock ", false);
	a->kmem = a->kmem_slab + a->kmem_stack + a->kmem_pagetables +
		  a->kmem_sock;
	a->valid |= CTLAB_ACCT_MEMCG;

	if (!ctlab_cgroup_read(c, "memory.events", buf)) {
		a->ev_low = ctlab_field(buf, "low ", "low ", false);
		a->ev_high = ctlab_field(buf, "high ", "high ", false);
		a->ev_max = ctlab_field(buf, "max ", "max ", false);
		a->ev_oom = ctlab_field(buf, "oom ", "oom ", false);
		a->ev_oom_kill = ctlab_field(buf, "oom_kill ", "oom_kill ",
					     false);
	}
	if (!ctlab_cgroup_read(c, "memory.swap.current", buf))
		a->swap = ctlab_field(buf, "", "", false);
	if (!ctlab_cgroup_read(c, "memory.swap.peak", buf)) {
		a->swap_peak = ctlab_field(buf, "", "", false);
		a->valid |= CTLAB_ACCT_SWAP_PEAK;
	}
	if (!ctlab_cgroup_read(c, "memory.pressure", buf)) {
		a->psi_some_avg10 = ctlab_field(buf, "some ", "avg10=", true);
		a->psi_some_total = ctlab_field(buf, "some ", "total=", false);
		a->psi_full_avg10 = ctlab_field(buf, "full ", "avg10=", true);
		a->psi_full_total = ctlab_field(buf, "full ", "total=", false);
		a->valid |= CTLAB_ACCT_PSI;
	}
}

/* pids.*: only where the pids controller is enabled in the cgroup. */
static void ctlab_account_pids(struct ctlab_container *c, char *buf,
			       struct ctlab_account *a)
{
	if (ctlab_cgroup_read(c, "pids.current", buf))
		return;
	a->pids_current = ctlab_field(buf, "", "", false);
	if (!ctlab_cgroup_read(c, "pids.max", buf))
		a->pids_max = ctlab_field(buf, "", "", false);	/* "max": 0 */
	if (!ctlab_cgroup_read(c, "pids.events", buf))
		a->pids_failcnt = ctlab_field(buf, "max ", "max ", false);
	a->valid |= CTLAB_ACCT_PIDS;
}

/**
 * ctlab_account_fill - everything ACCOUNT reports about a container
 * @c: the container, held by a reference (the files are read without
 *	ctlab_lock: they may take a while).
 * @a: zeroed by the caller but for @id; filled here.
 *
 * Return: 0 or -ENOMEM.
 */
int ctlab_account_fill(struct ctlab_container *c, struct ctlab_account *a)
{
	struct ctlab_snapshot s;
	char *buf;

	ctlab_snapshot(c, &s);
	a->privvm = s.usage.vm;
	a->privvm_peak = s.privvm_peak;
	a->nr_files = s.usage.nr_files;
	a->nr_threads = s.usage.nr_threads;
	a->nr_procs = s.usage.nr_procs;
	if (!c->cgroup_dir)
		return 0;
	buf = kmalloc(CTLAB_FILE_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ctlab_account_memory(c, buf, a);
	ctlab_account_pids(c, buf, a);
	kfree(buf);
	return 0;
}
