// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: a container's memory cgroup, which enforces its limit.
 *
 * OpenVZ's beancounters refused an allocation that would pass the limit.
 * Mainline Linux does that with the memory controller of cgroup v2: every
 * page a task faults in or reads into the page cache is charged to the
 * task's cgroup, and a charge that would pass memory.max makes the kernel
 * reclaim the cgroup's pages, and if that fails, run the OOM killer on the
 * cgroup's tasks only.  So the module does not reinvent it: userland
 * makes a cgroup, starts the container's init in it, and passes its
 * directory to CREATE; the module sets the limits by writing the cgroup's
 * own files, exactly as `echo 64M > memory.max` would, and reads the
 * charge and the events from the cgroup's struct mem_cgroup.
 *
 * The charge is not the RSS: it includes the page cache the container
 * read (mapped or not) and kernel memory, and leaves out pages the
 * container maps that another cgroup was charged for first.  STATS
 * reports both, and that gap is a lesson of its own.
 */
#include <linux/cgroup.h>
#include <linux/file.h>
#include <linux/memcontrol.h>
#include <linux/page_counter.h>

#include "internal.h"

#ifdef CONFIG_MEMCG

/**
 * ctlab_memcg_bind - take the cgroup a container's init will be in
 * @c: a container being created.
 * @cgroup_fd: an open cgroup v2 directory.
 *
 * The rules are those of CTLAB_IOC_CREATE in ctlab.h.  The fd is read
 * twice (the cgroup, then the file that writes its limits), so the two
 * must be the same directory: a dup2() in between could make them two.
 *
 * Return: 0; -EBADF if @cgroup_fd is not a cgroup v2 directory or changed
 * during the call; -EINVAL for the root cgroup or one without the memory
 * controller; -ENOTEMPTY if tasks are in it or below it already.
 */
int ctlab_memcg_bind(struct ctlab_container *c, int cgroup_fd)
{
	struct cgroup_subsys_state *css = NULL;
	struct cgroup *cgrp;
	struct file *dir;
	int ret = 0;

	dir = fget(cgroup_fd);
	if (!dir)
		return -EBADF;
	cgrp = cgroup_get_from_fd(cgroup_fd);
	if (IS_ERR(cgrp)) {
		ret = PTR_ERR(cgrp);
		goto out_put_dir;
	}
	/* kernfs keeps each directory's node in its inode's i_private. */
	if (file_inode(dir)->i_private != cgrp->kn) {
		ret = -EBADF;
		goto out_put_cgrp;
	}
	/* The root has no memory.max: the whole machine is in it. */
	if (!cgroup_parent(cgrp)) {
		ret = -EINVAL;
		goto out_put_cgrp;
	}
	/* Its limit would act on tasks outside the container. */
	if (cgroup_is_populated(cgrp)) {
		ret = -ENOTEMPTY;
		goto out_put_cgrp;
	}
	/*
	 * Without memory in its parent's subtree_control, the cgroup's
	 * "effective" memory state is an ancestor's: not ours to limit.
	 */
	css = cgroup_get_e_css(cgrp, &memory_cgrp_subsys);
	if (!css || css->cgroup != cgrp) {
		ret = -EINVAL;
		goto out_put_css;
	}
	c->cgroup_dir = dir;
	c->memcg = mem_cgroup_from_css(css);
	dir = NULL;		/* the container keeps this reference */
	css = NULL;		/* and this one */

out_put_css:
	if (css)
		css_put(css);
out_put_cgrp:
	cgroup_put(cgrp);
out_put_dir:
	if (dir)
		fput(dir);
	return ret;
}

/* True if the calling task is in the container's cgroup. */
bool ctlab_memcg_holds_current(struct ctlab_container *c)
{
	bool in;

	rcu_read_lock();
	in = mem_cgroup_from_task(current) == c->memcg;
	rcu_read_unlock();
	return in;
}

/* Writes @value into the file @name of the container's cgroup. */
static int ctlab_cgroup_write(struct ctlab_container *c, const char *name,
			      const char *value)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = file_open_root(&c->cgroup_dir->f_path, name, O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, value, strlen(value), &pos);
	filp_close(f, NULL);
	return n < 0 ? n : 0;
}

/* "max" or a number of bytes, as the cgroup files take them. */
static const char *ctlab_bytes(char *buf, size_t size, u64 bytes)
{
	if (!bytes)
		return "max";
	snprintf(buf, size, "%llu", bytes);
	return buf;
}

/**
 * ctlab_memcg_set_limits - set memory.max, memory.high and the OOM action
 * @c: a container with a cgroup.
 * @limit: bytes, or 0 for none.
 * @barrier: bytes, or 0 for none.
 *
 * With a limit, swap is limited to nothing: otherwise the kernel would
 * swap the container out instead of holding it to its limit.
 *
 * Return: 0, or the -errno of the write the cgroup refused.
 */
int ctlab_memcg_set_limits(struct ctlab_container *c, u64 limit, u64 barrier)
{
	bool kill_all = c->on_limit == CTLAB_ON_LIMIT_KILL_ALL;
	char buf[24];
	int ret;

	ret = ctlab_cgroup_write(c, "memory.high",
				 ctlab_bytes(buf, sizeof(buf), barrier));
	if (!ret)
		ret = ctlab_cgroup_write(c, "memory.max",
					 ctlab_bytes(buf, sizeof(buf), limit));
	if (!ret)
		ret = ctlab_cgroup_write(c, "memory.oom.group",
					 kill_all ? "1" : "0");
	/*
	 * Without swap accounting there is no such file, and no swap to
	 * limit either.
	 */
	if (!ret) {
		ret = ctlab_cgroup_write(c, "memory.swap.max",
					 limit ? "0" : "max");
		if (ret == -ENOENT)
			ret = 0;
	}
	return ret;
}

/* A page_counter's pages in bytes, with "unlimited" as U64_MAX. */
static u64 ctlab_pages(unsigned long pages)
{
	if (pages >= PAGE_COUNTER_MAX)
		return U64_MAX;
	return (u64)pages << PAGE_SHIFT;
}

/* Fills @m from the container's cgroup, or zeroes it without one. */
void ctlab_memcg_read(struct ctlab_container *c, struct ctlab_memcg_usage *m)
{
	struct mem_cgroup *memcg = c->memcg;

	memset(m, 0, sizeof(*m));
	if (!memcg)
		return;
	m->charge = ctlab_pages(page_counter_read(&memcg->memory));
	m->charge_peak = ctlab_pages(READ_ONCE(memcg->memory.watermark));
	m->max = ctlab_pages(READ_ONCE(memcg->memory.max));
	m->high = ctlab_pages(READ_ONCE(memcg->memory.high));
	/* memory.events "max": charges that hit memory.max. */
	m->max_events = atomic_long_read(&memcg->memory_events[MEMCG_MAX]);
	m->oom_kills = atomic_long_read(&memcg->memory_events[MEMCG_OOM_KILL]);
}

void ctlab_memcg_reset_peak(struct ctlab_container *c)
{
	if (c->memcg)
		page_counter_reset_watermark(&c->memcg->memory);
}

void ctlab_memcg_release(struct ctlab_container *c)
{
	if (c->memcg)
		css_put(&c->memcg->css);
	if (c->cgroup_dir)
		fput(c->cgroup_dir);
}

#else /* !CONFIG_MEMCG: a kernel without the memory controller */

int ctlab_memcg_bind(struct ctlab_container *c, int cgroup_fd)
{
	return -EINVAL;
}

bool ctlab_memcg_holds_current(struct ctlab_container *c)
{
	return false;
}

int ctlab_memcg_set_limits(struct ctlab_container *c, u64 limit, u64 barrier)
{
	return -EINVAL;
}

void ctlab_memcg_read(struct ctlab_container *c, struct ctlab_memcg_usage *m)
{
	memset(m, 0, sizeof(*m));
}

void ctlab_memcg_reset_peak(struct ctlab_container *c)
{
}

void ctlab_memcg_release(struct ctlab_container *c)
{
}

#endif /* CONFIG_MEMCG */
