// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: the ioctl commands of /dev/ctlab.
 *
 * ctlab_ioctl() is only a switch: each command has its own function that
 * copies its argument in, checks it, does its work under ctlab_lock and
 * copies the answer out.  Every struct that goes back to userland is
 * zeroed first, so no kernel memory leaks through padding or unused
 * fields.  A command number the module does not know gets -ENOTTY, which
 * is what the kernel itself answers for "this file has no such ioctl".
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "internal.h"

/* Reserved fields must be zero, so that they can get a meaning later. */
#define ctlab_reserved_set(field) memchr_inv(field, 0, sizeof(field))

/*
 * May the caller change containers?  See "Who may do what" in ctlab.h:
 * the file must have been opened with CAP_SYS_ADMIN, and the caller must
 * have it too, now, outside every container.
 */
static int ctlab_may_manage(struct file *file)
{
	lockdep_assert_held(&ctlab_lock);
	if (!file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN) ||
	    !capable(CAP_SYS_ADMIN) || ctlab_caller_container())
		return -EPERM;
	return 0;
}

/* The container @id, if the caller may change it; else an ERR_PTR. */
static struct ctlab_container *ctlab_find_to_manage(struct file *file, u32 id)
{
	struct ctlab_container *c;
	int ret;

	ret = ctlab_may_manage(file);
	if (ret)
		return ERR_PTR(ret);
	c = ctlab_find(id);
	return c ? c : ERR_PTR(-ENOENT);
}

static long ctlab_ioctl_get_version(void __user *uarg)
{
	struct ctlab_version ver;

	memset(&ver, 0, sizeof(ver));
	ver.abi_major = CTLAB_ABI_MAJOR;
	ver.abi_minor = CTLAB_ABI_MINOR;

	if (copy_to_user(uarg, &ver, sizeof(ver)))
		return -EFAULT;
	return 0;
}

/* The checks of a CREATE request that need no lock. */
static int ctlab_create_valid(const struct ctlab_create *req)
{
	if (ctlab_reserved_set(req->reserved) || req->id)
		return -EINVAL;
	if (!ctlab_name_valid(req->name))
		return -EINVAL;
	if (req->namespaces & ~CTLAB_NS_ALL)
		return -EINVAL;
	if (req->on_limit != CTLAB_ON_LIMIT_OOM &&
	    req->on_limit != CTLAB_ON_LIMIT_KILL_ALL)
		return -EINVAL;
	if (req->limit && req->barrier > req->limit)
		return -EINVAL;
	if (req->cgroup_fd < -1)
		return -EBADF;
	/* Limits are enforced through the cgroup: no cgroup, no limit. */
	if (req->cgroup_fd == -1 && (req->limit || req->barrier))
		return -EINVAL;
	return 0;
}

static long ctlab_ioctl_create(struct file *file, void __user *uarg)
{
	struct ctlab_container *c;
	struct ctlab_create req;
	int ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	ret = ctlab_create_valid(&req);
	if (ret)
		return ret;

	c = ctlab_container_alloc(&req);
	if (!c)
		return -ENOMEM;
	mutex_lock(&ctlab_lock);
	ret = ctlab_may_manage(file);
	if (ret)
		goto out_free;
	if (req.cgroup_fd >= 0) {
		ret = ctlab_memcg_bind(c, req.cgroup_fd);
		if (!ret && ctlab_memcg_taken(c->memcg))
			ret = -EBUSY;
		/*
		 * Always, even "max": a cgroup used before keeps its old
		 * limits.  It is empty, so the write reclaims at most some
		 * page cache and never OOM-kills: it may run under the lock.
		 */
		if (!ret)
			ret = ctlab_memcg_set_limits(c, c->limit, c->barrier);
		if (ret)
			goto out_free;
	}
	ret = ctlab_container_add(c);
	if (ret)
		goto out_free;
	req.id = c->id;
	ctlab_event();
	mutex_unlock(&ctlab_lock);

	/* The container exists now; a bad pointer cannot undo that. */
	if (copy_to_user(uarg, &req, sizeof(req)))
		return -EFAULT;
	return 0;

out_free:
	mutex_unlock(&ctlab_lock);
	ctlab_container_put(c);
	return ret;
}

/* Copies in a struct ctlab_id and checks its reserved words. */
static int ctlab_get_id(void __user *uarg, u32 *id)
{
	struct ctlab_id req;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (ctlab_reserved_set(req.reserved))
		return -EINVAL;
	*id = req.id;
	return 0;
}

static long ctlab_ioctl_enter(struct file *file, void __user *uarg)
{
	struct ctlab_container *c;
	u32 id;
	int ret;

	ret = ctlab_get_id(uarg, &id);
	if (ret)
		return ret;
	/*
	 * The new init may have a user namespace of its own, where it has
	 * no say over the initial one: what counts is that a privileged
	 * task opened /dev/ctlab and handed the file down to it.  Its own
	 * credentials are not checked: see "Who may do what" in ctlab.h.
	 */
	if (!file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		return -EPERM;

	mutex_lock(&ctlab_lock);
	if (ctlab_caller_container()) {
		ret = -EPERM;
		goto out_unlock;
	}
	c = ctlab_find(id);
	ret = c ? ctlab_container_enter(c) : -ENOENT;
out_unlock:
	mutex_unlock(&ctlab_lock);
	return ret;
}

static long ctlab_ioctl_list(void __user *uarg)
{
	struct ctlab_container *c;
	struct ctlab_list req;
	u32 *ids, room, n = 0;
	unsigned long id;
	int ret = 0;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (ctlab_reserved_set(req.reserved))
		return -EINVAL;
	room = min_t(u32, req.count, CTLAB_MAX_CONTAINERS);
	ids = kcalloc(max(room, 1U), sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;

	mutex_lock(&ctlab_lock);
	xa_for_each(&ctlab_ids, id, c) {
		if (!ctlab_visible(c))
			continue;
		if (n < room)
			ids[n] = c->id;
		n++;
	}
	mutex_unlock(&ctlab_lock);

	/* Copy out without the lock: copy_to_user may fault and sleep. */
	if (copy_to_user(u64_to_user_ptr(req.ids), ids,
			 min(n, room) * sizeof(*ids)))
		ret = -EFAULT;
	req.count = n;
	if (!ret && copy_to_user(uarg, &req, sizeof(req)))
		ret = -EFAULT;
	kfree(ids);
	return ret;
}

/* Fills @st with everything STATS reports about @c. */
static void ctlab_fill_stats(struct ctlab_container *c,
			     struct ctlab_stats *st)
{
	struct ctlab_memcg_usage m;
	struct ctlab_snapshot s;
	struct ctlab_usage *u = &s.usage;

	ctlab_snapshot(c, &s);
	ctlab_memcg_read(c, &m);
	memset(st, 0, sizeof(*st));
	st->id = c->id;
	memcpy(st->name, c->name, CTLAB_NAME_MAX);
	st->namespaces = c->namespaces;
	st->on_limit = c->on_limit;
	st->limit = c->limit;
	st->barrier = c->barrier;
	st->nr_procs = u->nr_procs;
	st->nr_threads = u->nr_threads;
	st->nr_procs_peak = s.nr_procs_peak;
	st->rss_anon = u->anon;
	st->rss_file = u->file;
	st->rss_shmem = u->shmem;
	st->rss = u->anon + u->file + u->shmem;
	st->rss_peak = s.rss_peak;
	st->swap = u->swap;
	st->charge = m.charge;
	st->charge_peak = m.charge_peak;
	st->failcnt = m.max_events;
	st->oom_kills = m.oom_kills;
	st->min_flt = u->min_flt;
	st->maj_flt = u->maj_flt;
	st->utime = u->utime;
	st->stime = u->stime;
	st->created = c->created;
	st->started = c->started;
	st->state = s.state;
	st->exit_status = s.exit_status;
	st->exited = s.exited;
	/* As the caller sees it: 0 if init is gone or outside its view. */
	if (st->state == CTLAB_STATE_RUNNING)
		st->init_pid = pid_vnr(c->init_pid);
}

static long ctlab_ioctl_stats(void __user *uarg)
{
	struct ctlab_container *c;
	struct ctlab_stats st;
	int ret = 0;

	if (copy_from_user(&st, uarg, sizeof(st)))
		return -EFAULT;
	if (ctlab_reserved_set(st.reserved) || st.reserved0 ||
	    (!st.id && !ctlab_name_valid(st.name)))
		return -EINVAL;

	mutex_lock(&ctlab_lock);
	c = st.id ? ctlab_find(st.id) : ctlab_find_by_name(st.name);
	if (c && ctlab_visible(c))
		ctlab_fill_stats(c, &st);
	else
		ret = -ENOENT;
	mutex_unlock(&ctlab_lock);

	if (!ret && copy_to_user(uarg, &st, sizeof(st)))
		ret = -EFAULT;
	return ret;
}

/*
 * The cgroup's files are written without ctlab_lock: lowering memory.max
 * below what the container holds makes the kernel reclaim, and OOM-kill,
 * in the writer, which may take long.  STATS, read() and the sampler go
 * on meanwhile.  A write that fails puts back the limits the record has,
 * so that the cgroup and STATS never disagree.
 */
static long ctlab_ioctl_set_limit(struct file *file, void __user *uarg)
{
	struct ctlab_container *c;
	struct ctlab_limit req;
	int ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (ctlab_reserved_set(req.reserved) || req.reserved0 ||
	    (req.limit && req.barrier > req.limit))
		return -EINVAL;

	mutex_lock(&ctlab_lock);
	c = ctlab_find_to_manage(file, req.id);
	if (IS_ERR(c)) {
		mutex_unlock(&ctlab_lock);
		return PTR_ERR(c);
	}
	if (!c->cgroup_dir) {
		mutex_unlock(&ctlab_lock);
		return -EINVAL;
	}
	refcount_inc(&c->refs);
	mutex_unlock(&ctlab_lock);

	mutex_lock(&c->limit_lock);
	ret = ctlab_memcg_set_limits(c, req.limit, req.barrier);
	if (ret)
		ctlab_memcg_set_limits(c, c->limit, c->barrier);
	mutex_lock(&ctlab_lock);
	if (!ret) {
		c->limit = req.limit;
		c->barrier = req.barrier;
		ctlab_event();
	}
	mutex_unlock(&ctlab_lock);
	mutex_unlock(&c->limit_lock);
	ctlab_container_put(c);
	return ret;
}

/*
 * Copies in a struct ctlab_id and finds that container, if the caller may
 * change it.  Returns with ctlab_lock held, or an ERR_PTR without it.
 */
static struct ctlab_container *ctlab_lock_managed(struct file *file,
						  void __user *uarg)
{
	struct ctlab_container *c;
	u32 id;
	int ret;

	ret = ctlab_get_id(uarg, &id);
	if (ret)
		return ERR_PTR(ret);
	mutex_lock(&ctlab_lock);
	c = ctlab_find_to_manage(file, id);
	if (IS_ERR(c))
		mutex_unlock(&ctlab_lock);
	return c;
}

static long ctlab_ioctl_reset_peak(struct file *file, void __user *uarg)
{
	struct ctlab_container *c = ctlab_lock_managed(file, uarg);
	unsigned long flags;

	if (IS_ERR(c))
		return PTR_ERR(c);
	spin_lock_irqsave(&c->exit_lock, flags);
	c->rss_peak = c->usage.anon + c->usage.file + c->usage.shmem;
	c->privvm_peak = c->usage.vm;
	c->nr_procs_peak = c->usage.nr_procs;
	spin_unlock_irqrestore(&c->exit_lock, flags);
	ctlab_memcg_reset_peak(c);
	mutex_unlock(&ctlab_lock);
	return 0;
}

/* How long DESTROY waits for the members to die. */
#define CTLAB_DESTROY_TIMEOUT (10 * HZ)

static long ctlab_ioctl_destroy(struct file *file, void __user *uarg)
{
	struct ctlab_container *c = ctlab_lock_managed(file, uarg);
	long left;
	int ret;

	if (IS_ERR(c))
		return PTR_ERR(c);
	c->dying = true;
	if (ctlab_container_state(c) == CTLAB_STATE_RUNNING)
		ctlab_kill_members(c->pid_ns);
	/* Keep the record while waiting without the lock. */
	refcount_inc(&c->refs);
	mutex_unlock(&ctlab_lock);

	left = wait_event_killable_timeout(ctlab_event_wq,
			ctlab_container_state(c) != CTLAB_STATE_RUNNING,
			CTLAB_DESTROY_TIMEOUT);

	mutex_lock(&ctlab_lock);
	/* A DESTROY running at the same time may have unlinked it. */
	if (left > 0 && ctlab_container_listed(c)) {
		ctlab_container_unlink(c);
		ctlab_container_put(c);		/* the list's reference */
		ctlab_event();
	}
	ret = left > 0 ? 0 : left == 0 ? -ETIMEDOUT : -EINTR;
	ctlab_container_put(c);
	mutex_unlock(&ctlab_lock);
	return ret;
}

/*
 * ACCOUNT: the size the caller's struct has is in @cmd.  A larger one,
 * from a newer header, gets its unknown tail zeroed; a smaller one is
 * older than the command and cannot be.
 */
static long ctlab_ioctl_account(unsigned int cmd, void __user *uarg)
{
	size_t size = _IOC_SIZE(cmd);
	struct ctlab_container *c;
	struct ctlab_account a;
	u32 id;
	int ret;

	if (size < sizeof(a))
		return -EINVAL;
	if (get_user(id, (u32 __user *)uarg))
		return -EFAULT;
	mutex_lock(&ctlab_lock);
	c = ctlab_find(id);
	if (c && ctlab_visible(c))
		refcount_inc(&c->refs);
	else
		c = NULL;
	mutex_unlock(&ctlab_lock);
	if (!c)
		return -ENOENT;

	memset(&a, 0, sizeof(a));
	a.id = id;
	/* The cgroup's files are read without the lock. */
	ret = ctlab_account_fill(c, &a);
	ctlab_container_put(c);
	if (ret)
		return ret;
	if (copy_to_user(uarg, &a, sizeof(a)) ||
	    clear_user(uarg + sizeof(a), size - sizeof(a)))
		return -EFAULT;
	return 0;
}

/* Is @cmd ACCOUNT, with a struct of any size? */
static bool ctlab_is_account(unsigned int cmd)
{
	return _IOC_TYPE(cmd) == CTLAB_IOC_MAGIC &&
	       _IOC_NR(cmd) == _IOC_NR(CTLAB_IOC_ACCOUNT) &&
	       _IOC_DIR(cmd) == _IOC_DIR(CTLAB_IOC_ACCOUNT);
}

long ctlab_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case CTLAB_IOC_GET_VERSION:
		return ctlab_ioctl_get_version(uarg);
	case CTLAB_IOC_CREATE:
		return ctlab_ioctl_create(file, uarg);
	case CTLAB_IOC_ENTER:
		return ctlab_ioctl_enter(file, uarg);
	case CTLAB_IOC_LIST:
		return ctlab_ioctl_list(uarg);
	case CTLAB_IOC_STATS:
		return ctlab_ioctl_stats(uarg);
	case CTLAB_IOC_SET_LIMIT:
		return ctlab_ioctl_set_limit(file, uarg);
	case CTLAB_IOC_RESET_PEAK:
		return ctlab_ioctl_reset_peak(file, uarg);
	case CTLAB_IOC_DESTROY:
		return ctlab_ioctl_destroy(file, uarg);
	}
	if (ctlab_is_account(cmd))
		return ctlab_ioctl_account(cmd, uarg);
	/*
	 * A known command with the wrong size or direction: a caller built
	 * against another version of the struct.
	 */
	if (_IOC_TYPE(cmd) == CTLAB_IOC_MAGIC &&
	    _IOC_NR(cmd) <= _IOC_NR(CTLAB_IOC_ACCOUNT))
		return -EINVAL;
	return -ENOTTY;
}
