// SPDX-License-Identifier: GPL-2.0
/*
 * fsbench.c: lab 02's microbenchmark of small synchronous writes.
 *
 *   fsbench FILE N
 *
 * Creates FILE, writes N blocks of 4 KiB to it, each followed by
 * fsync(2), and times every write+fsync pair with CLOCK_MONOTONIC.  A
 * write without fsync only reaches the page cache and costs the same
 * everywhere; the fsync is what has to get through the file system's
 * journal and the block device, and that path is what differs between a
 * container (the host's own file system, through overlayfs) and a guest
 * (a second kernel, a second file system, an emulated disk).
 *
 * It prints machine-readable lines, one "key=value" each:
 *   ops=N  bytes=N*4096  median_us=...  ops_per_s=...
 * The median, not the mean: one slow journal commit must not move it.
 * Built static, so that the same binary runs on the host, in a container
 * and in a guest that has no C library.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096
#define MAX_OPS 100000

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void die(const char *what)
{
	fprintf(stderr, "fsbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	static char block[BLOCK];
	double *lat, t0, total = 0, median = 0;
	long n, i;
	int fd;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) < 1 || n > MAX_OPS) {
		fprintf(stderr, "usage: fsbench FILE N (1..%d)\n", MAX_OPS);
		return 2;
	}
	lat = calloc((size_t)n, sizeof(*lat));
	if (!lat)
		die("calloc");
	memset(block, 'x', sizeof(block));
	/* TODO 1/3: create FILE for writing (truncating it), mode 0644. */
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die(argv[1]);
	/* SKEL: fd = -1; */
	for (i = 0; i < n; i++) {
		t0 = now_us();
		/* TODO 2/4: write one 4 KiB block, then fsync, so that
		 * the block is on the device before the next one starts. */
		if (write(fd, block, BLOCK) != BLOCK)
			die("write");
		if (fsync(fd))
			die("fsync");
		lat[i] = now_us() - t0;
		total += lat[i];
	}
	if (fd >= 0)
		close(fd);
	/* TODO 3/2: the median latency: sort lat[], take the middle one. */
	qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
	median = n % 2 ? lat[n / 2] : (lat[n / 2 - 1] + lat[n / 2]) / 2;
	/* SKEL: (void)cmp_double; */
	printf("ops=%ld\n", n);
	printf("bytes=%ld\n", n * BLOCK);
	printf("median_us=%.1f\n", median);
	/* Throughput over the whole run, from the summed latencies. */
	printf("ops_per_s=%.1f\n", total > 0 ? n / (total / 1e6) : 0.0);
	free(lat);
	return 0;
}
