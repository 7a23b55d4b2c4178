// SPDX-License-Identifier: GPL-2.0
/*
 * device.c: /dev/ctlab, the module's interface, one function per ioctl.
 *
 * Each wrapper fills the request, zeroes what the ABI says must be zero,
 * and turns the kernel's -1/errno into a returned -errno.  The ABI itself,
 * with every errno a command can return, is <linux/ctlab.h>.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

static int ctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

/* "max" or a number of bytes, as the cgroup files take them. */
static const char *bytes_or_max(char *buf, size_t len, uint64_t bytes)
{
	if (!bytes)
		return "max";
	snprintf(buf, len, "%llu", (unsigned long long)bytes);
	return buf;
}

/*
 * What ctlab.ko writes into container @name's cgroup at CREATE and
 * SET_LIMIT (module/memcg.c, ctlab_memcg_set_limits()), for --explain:
 * the module's own writes, in its order.  The cli suite compares them
 * with the cgroup's files after a real run.
 */
static void explain_module_writes(const char *name, uint64_t limit,
				  uint64_t barrier, uint32_t on_limit)
{
	char path[256], buf[24];

	if (!ctlab_explaining() || ctlab_cgroup_path(name, path, sizeof(path)))
		return;
	act_actor("ctlab.ko");
	act("cgroup", "%s/memory.high <- %s", path,
	    bytes_or_max(buf, sizeof(buf), barrier));
	act("cgroup", "%s/memory.max <- %s", path,
	    bytes_or_max(buf, sizeof(buf), limit));
	act("cgroup", "%s/memory.oom.group <- %s", path,
	    on_limit == CTLAB_ON_LIMIT_KILL_ALL ? "1" : "0");
	act("cgroup", "%s/memory.swap.max <- %s (if swap is accounted)", path,
	    limit ? "0" : "max");
	act_actor("ctlab");
}

int ctlab_open(int *fd)
{
	struct ctlab_version ver;
	int f, err;

	f = open(CTLAB_DEVICE, O_RDWR | O_CLOEXEC);
	if (f < 0)
		return -errno;
	memset(&ver, 0, sizeof(ver));
	err = ctl(f, CTLAB_IOC_GET_VERSION, &ver);
	if (!err && ver.abi_major != CTLAB_ABI_MAJOR)
		err = -EPROTO;
	if (err) {
		close(f);
		return err;
	}
	*fd = f;
	return 0;
}

int ctlab_version(int fd, struct ctlab_version *ver)
{
	memset(ver, 0, sizeof(*ver));
	return ctl(fd, CTLAB_IOC_GET_VERSION, ver);
}

int ctlab_events_ack(int fd)
{
	char c;

	/* Reading the table from its start is what marks events as seen. */
	if (lseek(fd, 0, SEEK_SET) < 0 || read(fd, &c, 1) < 0)
		return -errno;
	return 0;
}

int ctlab_create(int fd, struct ctlab_create *req)
{
	char cgroup_fd[16] = "FD";

	/* Explaining, the cgroup was not opened: its fd is "FD". */
	if (req->cgroup_fd >= 0)
		snprintf(cgroup_fd, sizeof(cgroup_fd), "%d", req->cgroup_fd);
	if (act("ioctl", "ioctl(/dev/ctlab, CTLAB_IOC_CREATE, {name=\"%s\", limit=%llu, barrier=%llu, namespaces=0x%x, on_limit=%u, cgroup_fd=%s}): a record, state created; the module answers its id",
		req->name, (unsigned long long)req->limit,
		(unsigned long long)req->barrier, req->namespaces,
		req->on_limit, cgroup_fd))
		return ctl(fd, CTLAB_IOC_CREATE, req);
	explain_module_writes(req->name, req->limit, req->barrier,
			      req->on_limit);
	return 0;
}

/* A command that takes an id alone; @name and @does, for --explain. */
static int id_command(int fd, unsigned long cmd, uint32_t id,
		      const char *name, const char *does)
{
	struct ctlab_id req;
	char id_text[16] = "ID";

	/* Before CREATE, in an explanation, the id is not known yet. */
	if (id)
		snprintf(id_text, sizeof(id_text), "%u", id);
	if (!act("ioctl", "ioctl(/dev/ctlab, %s, {id=%s}): %s", name, id_text,
		 does))
		return 0;
	memset(&req, 0, sizeof(req));
	req.id = id;
	return ctl(fd, cmd, &req);
}

int ctlab_enter(int fd, uint32_t id)
{
	return id_command(fd, CTLAB_IOC_ENTER, id, "CTLAB_IOC_ENTER",
			  "the caller becomes the container's init, counted from now");
}

int ctlab_reset_peak(int fd, uint32_t id)
{
	return id_command(fd, CTLAB_IOC_RESET_PEAK, id, "CTLAB_IOC_RESET_PEAK",
			  "rss_peak and charge_peak start again");
}

int ctlab_destroy(int fd, uint32_t id)
{
	return id_command(fd, CTLAB_IOC_DESTROY, id, "CTLAB_IOC_DESTROY",
			  "every member killed and waited for, the record freed");
}

int ctlab_list(int fd, uint32_t **ids)
{
	struct ctlab_list req;
	uint32_t *buf = NULL, *bigger;
	uint32_t room = 0;
	int err;

	/* Ask, make room, ask again: containers may come meanwhile. */
	for (;;) {
		memset(&req, 0, sizeof(req));
		req.ids = (uintptr_t)buf;
		req.count = room;
		err = ctl(fd, CTLAB_IOC_LIST, &req);
		if (err || req.count <= room)
			break;
		room = req.count + 8;
		bigger = realloc(buf, room * sizeof(*buf));
		if (!bigger) {
			err = -ENOMEM;
			break;
		}
		buf = bigger;
	}
	if (err) {
		free(buf);
		return err;
	}
	*ids = buf;
	return (int)req.count;
}

int ctlab_account(int fd, uint32_t id, struct ctlab_account *a)
{
	memset(a, 0, sizeof(*a));
	a->id = id;
	return ctl(fd, CTLAB_IOC_ACCOUNT, a);
}

int ctlab_account_missing(int fd, int err, char *why, size_t len)
{
	struct ctlab_version v;

	if (err != -ENOTTY || ctlab_version(fd, &v))
		return err;
	snprintf(why, len, "ctlab.ko speaks ABI %u.%u; these figures need 1.2",
		 v.abi_major, v.abi_minor);
	return 0;
}

int ctlab_stats(int fd, uint32_t id, const char *name, struct ctlab_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->id = id;
	if (!id) {
		if (ctlab_name_valid(name))
			return -EINVAL;
		strcpy(st->name, name);
	}
	return ctl(fd, CTLAB_IOC_STATS, st);
}

int ctlab_set_limit(int fd, uint32_t id, uint64_t limit, uint64_t barrier)
{
	struct ctlab_limit req;

	struct ctlab_stats st;

	if (!act("ioctl", "ioctl(/dev/ctlab, CTLAB_IOC_SET_LIMIT, {id=%u, limit=%llu, barrier=%llu})",
		 id, (unsigned long long)limit, (unsigned long long)barrier)) {
		if (!ctlab_stats(fd, id, NULL, &st))
			explain_module_writes(st.name, limit, barrier,
					      st.on_limit);
		return 0;
	}
	memset(&req, 0, sizeof(req));
	req.id = id;
	req.limit = limit;
	req.barrier = barrier;
	return ctl(fd, CTLAB_IOC_SET_LIMIT, &req);
}
