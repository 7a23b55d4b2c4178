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
 * A guest's disk is QMP's query-blockstats, asked in vm_stats.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int ctlab_cgroup_io(const char *name, uint64_t *read, uint64_t *written)
{
	char path[256], line[512], *field;
	unsigned long long v;
	FILE *f;
	int err;

	*read = *written = 0;
	err = ctlab_cgroup_path(name, path, sizeof(path) - 16);
	if (err)
		return err;
	strcat(path, "/io.stat");
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* Every device's line: the container's disk is all of them. */
	while (fgets(line, sizeof(line), f)) {
		field = strstr(line, " rbytes=");
		if (field && sscanf(field, " rbytes=%llu", &v) == 1)
			*read += v;
		field = strstr(line, " wbytes=");
		if (field && sscanf(field, " wbytes=%llu", &v) == 1)
			*written += v;
	}
	fclose(f);
	return 0;
}

/* One number from /sys/class/net/@ifname/statistics/@what. */
static int net_stat(const char *ifname, const char *what, uint64_t *v)
{
	char path[128];
	unsigned long long n;
	FILE *f;
	int ok;

	if (snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s",
		     ifname, what) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	ok = fscanf(f, "%llu", &n) == 1;
	fclose(f);
	if (!ok)
		return -EIO;
	*v = n;
	return 0;
}

int ctlab_net_bytes(const char *ifname, uint64_t *rx, uint64_t *tx)
{
	int err;

	*rx = *tx = 0;
	if (strchr(ifname, '/') || !*ifname)
		return -EINVAL;
	err = net_stat(ifname, "rx_bytes", rx);
	return err ? err : net_stat(ifname, "tx_bytes", tx);
}
