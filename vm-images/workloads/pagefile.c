// SPDX-License-Identifier: GPL-2.0
/*
 * pagefile: map a file and read every page of it, into the page cache.
 *
 *   pagefile [--hold SEC|forever] FILE
 *
 * The page cache lessons.  A file's pages are cached once, however many
 * processes map them: two containers that pagefile the same file of the
 * template (their roots are overlays over one template) both count its
 * pages in their RSS, but only the first is charged for them.  Two guests
 * that do the same each read their own copy into their own RAM.
 *
 * pagefile asks the kernel first how many of the file's pages are
 * already cached (mincore()), then reads a byte of each page through the
 * mapping, and prints both, with the time the reading took: from the
 * cache it is fast, from the disk it is not.  Then it holds the mapping
 * for SEC seconds (default 0), so the pages stay mapped while you look.
 */
#include <fcntl.h>
#include <getopt.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "workload.h"

static const char usage[] = "usage: pagefile [--hold SEC|forever] FILE\n";

/* How many of the NPAGES pages mapped at P are in the page cache. */
static size_t cached_pages(void *p, size_t len, size_t npages)
{
	unsigned char *vec = malloc(npages);
	size_t i, n = 0;

	if (!vec || mincore(p, len, vec) != 0) {
		free(vec);
		return 0;
	}
	for (i = 0; i < npages; i++)
		n += vec[i] & 1;
	free(vec);
	return n;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "hold", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static volatile unsigned char sink;
	size_t page = (size_t)sysconf(_SC_PAGESIZE), npages, cached, off;
	unsigned long secs = 0;
	const char *path;
	struct stat st;
	double start;
	char *p;
	int c, fd;

	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c == 'H' && parse_hold(optarg, &secs))
			continue;
		usage_exit(usage, c == 'h' ? 0 : 2);
	}
	if (argc - optind != 1)
		usage_exit(usage, 2);
	path = argv[optind];

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "pagefile: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0) {
		fprintf(stderr, "pagefile: %s: not a regular file with data\n",
			path);
		return 1;
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "pagefile: mmap %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	close(fd);	/* the mapping keeps the file */

	npages = (st.st_size + page - 1) / page;
	cached = cached_pages(p, st.st_size, npages);
	start = now(CLOCK_MONOTONIC);
	for (off = 0; off < (size_t)st.st_size; off += page)
		sink += p[off];
	printf("pagefile: %s: %zu pages (%.1f MiB), %zu were cached, read in %.3f s\n",
	       path, npages, st.st_size / 1048576.0, cached,
	       now(CLOCK_MONOTONIC) - start);
	fflush(stdout);

	hold(secs);
	return 0;
}
