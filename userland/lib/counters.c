// SPDX-License-Identifier: GPL-2.0
/*
 * counters.c: byte counters that only ever grow, for ctlab top's disk
 * and network rates (the rate is the dashboard's business: two readings
 * and the time between them).
 *
 *   a container's disk    its cgroup's io.stat, one line per block
 *                         device: "8:0 rbytes=4096 wbytes=0 rios=1 ..."
 *                         (the io controller counts what reached a block
 *                         device: page-cache hits and tmpfs are not I/O)
 *   a container's network the host's end of its veth pair, whose
 *                         /sys/class/net/IF/statistics count bytes as
 *                         the host sees them: what the host end receives
 *                         the container sent
 *
 * A dashboard reads them for every container at every refresh, so the
 * files stay open from one reading to the next (struct ctlab_ct_files)
 * and a reading is one pread() from offset 0, which makes the kernel
 * print the file afresh, parsed by hand: opening io.stat through stdio
 * and trying /sys/class/net for each of 200 containers every second
 * cost ctlab top more CPU than procps top spends on all the processes.
 *
 * A guest's disk is QMP's query-blockstats, asked in vm_stats.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static int open_ro(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void ctlab_ct_files_init(struct ctlab_ct_files *f)
{
	memset(f, 0, sizeof(*f));
	f->io = f->rx = f->tx = -1;
}

void ctlab_ct_files_close(struct ctlab_ct_files *f)
{
	close_fd(&f->io);
	close_fd(&f->rx);
	close_fd(&f->tx);
	f->id = 0;
	f->started = 0;
}

/* The veth's counter @what of container @id, open, or -errno. */
static int open_net_stat(uint32_t id, const char *what)
{
	struct ctlab_ct_net net;
	char path[128];

	if (ctlab_ct_net(id, &net))
		return -EINVAL;
	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s",
		 net.host_if, what);
	return open_ro(path);
}

void ctlab_ct_files_open(struct ctlab_ct_files *f, const struct ctlab_stats *st)
{
	char path[256];

	/*
	 * The same record and the same start: what is open is still its.
	 * Until it starts, its veth may not be there yet: look again then.
	 */
	if (f->id == st->id && f->started == st->started &&
	    (f->io >= 0 || f->started))
		return;
	ctlab_ct_files_close(f);
	f->id = st->id;
	f->started = st->started;
	if (!ctlab_cgroup_path(st->name, path, sizeof(path) - 16)) {
		strcat(path, "/io.stat");
		f->io = open_ro(path);
	}
	/* Without --net there is no veth: that open fails once, not often. */
	f->rx = open_net_stat(st->id, "rx_bytes");
	f->tx = f->rx >= 0 ? open_net_stat(st->id, "tx_bytes") : -1;
	if (f->tx < 0)
		close_fd(&f->rx);
}

/*
 * The file @fd afresh into @buf (NUL-terminated), as much as fits.
 * A file whose cgroup or interface has gone reads ENODEV.
 */
static int read_all(int fd, char *buf, size_t len)
{
	ssize_t n = fd < 0 ? -1 : pread(fd, buf, len - 1, 0);

	if (fd < 0)
		return -ENOENT;
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* The decimal number at @p (0 if none). */
static uint64_t number_at(const char *p)
{
	uint64_t v = 0;

	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

/* The number after each "@key" in @text, summed. */
static uint64_t sum_field(const char *text, const char *key)
{
	size_t len = strlen(key);
	uint64_t sum = 0;
	const char *p;

	for (p = strstr(text, key); p; p = strstr(p + len, key))
		sum += number_at(p + len);
	return sum;
}

int ctlab_ct_files_io(const struct ctlab_ct_files *f, uint64_t *read,
		      uint64_t *written)
{
	/* A line is about 80 bytes: room for 50 block devices. */
	char buf[4096];
	int err = read_all(f->io, buf, sizeof(buf));

	*read = *written = 0;
	if (err)
		return err;
	/* Every device's line: the container's disk is all of them. */
	*read = sum_field(buf, " rbytes=");
	*written = sum_field(buf, " wbytes=");
	return 0;
}

int ctlab_ct_files_net(const struct ctlab_ct_files *f, uint64_t *rx,
		       uint64_t *tx)
{
	char buf[32];
	int err;

	*rx = *tx = 0;
	err = read_all(f->rx, buf, sizeof(buf));
	if (err)
		return err;
	*rx = number_at(buf);
	err = read_all(f->tx, buf, sizeof(buf));
	if (!err)
		*tx = number_at(buf);
	return err;
}
