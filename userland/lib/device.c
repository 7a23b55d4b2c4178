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
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

static int ctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
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
	return ctl(fd, CTLAB_IOC_CREATE, req);
}

static int id_command(int fd, unsigned long cmd, uint32_t id)
{
	struct ctlab_id req;

	memset(&req, 0, sizeof(req));
	req.id = id;
	return ctl(fd, cmd, &req);
}

int ctlab_enter(int fd, uint32_t id)
{
	return id_command(fd, CTLAB_IOC_ENTER, id);
}

int ctlab_reset_peak(int fd, uint32_t id)
{
	return id_command(fd, CTLAB_IOC_RESET_PEAK, id);
}

int ctlab_destroy(int fd, uint32_t id)
{
	return id_command(fd, CTLAB_IOC_DESTROY, id);
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

	memset(&req, 0, sizeof(req));
	req.id = id;
	req.limit = limit;
	req.barrier = barrier;
	return ctl(fd, CTLAB_IOC_SET_LIMIT, &req);
}
