// SPDX-License-Identifier: GPL-2.0
/*
 * memhog: take memory, step by step, and say how much it holds.
 *
 *   memhog [--step MIB] [--delay MS] [--hold SEC|forever] [--free] MIB
 *
 * The memory labs push a container, or a guest, towards its limit with
 * memhog and watch what the limit does: the kernel reclaims, then the OOM
 * killer ends memhog (a container's cgroup memory.max; a guest's own RAM,
 * or what its balloon left it).  The last line memhog printed says how
 * far it got.
 *
 * Memory that is only allocated costs nothing.  mmap() reserves the whole
 * MIB of address space at once; a page gets a frame of real memory (and
 * counts in RSS, and is charged to the cgroup) only when it is first
 * written, through a page fault.  So memhog writes one byte in every page,
 * STEP MiB at a time (default 4), printing after each step and waiting
 * DELAY ms (default 0) so that `ctlab stats --watch` can follow.
 *
 * Then it holds the memory for SEC seconds (default 0) and exits.  With
 * --free it gives the memory back with munmap() after the hold, and holds
 * again: RSS falls, the peak (maxheld in /dev/ctlab) does not.
 */
#include <getopt.h>
#include <sys/mman.h>

#include "workload.h"

static const char usage[] =
	"usage: memhog [--step MIB] [--delay MS] [--hold SEC|forever] [--free] MIB\n";

#define MIB (1UL << 20)

/* Write a byte in each page of [P, P + LEN): each write faults one in. */
static void touch(char *p, size_t len, size_t page)
{
	size_t off;

	for (off = 0; off < len; off += page)
		p[off] = 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "step", required_argument, NULL, 's' },
		{ "delay", required_argument, NULL, 'd' },
		{ "hold", required_argument, NULL, 'H' },
		{ "free", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	unsigned long total, step = 4, delay_ms = 0, held, secs = 0;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct timespec delay;
	bool do_free = false;
	char *mem;
	int c;

	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!parse_num(optarg, 1UL << 20, &step) || !step)
				usage_exit(usage, 2);
			break;
		case 'd':
			if (!parse_num(optarg, 3600 * 1000, &delay_ms))
				usage_exit(usage, 2);
			break;
		case 'H':
			if (!parse_hold(optarg, &secs))
				usage_exit(usage, 2);
			break;
		case 'f':
			do_free = true;
			break;
		case 'h':
			usage_exit(usage, 0);
		default:
			usage_exit(usage, 2);
		}
	}
	/* At most 1 TiB: MIB * total must fit in a size_t, with room. */
	if (argc - optind != 1 || !parse_num(argv[optind], 1UL << 20, &total) ||
	    !total)
		usage_exit(usage, 2);

	/* Line-buffered even into a log file: a SIGKILL loses nothing. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	mem = mmap(NULL, total * MIB, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(stderr, "memhog: mmap %lu MiB: %s\n", total,
			strerror(errno));
		return 1;
	}

	delay.tv_sec = delay_ms / 1000;
	delay.tv_nsec = (long)(delay_ms % 1000) * 1000000;
	for (held = 0; held < total;) {
		unsigned long n = step < total - held ? step : total - held;

		touch(mem + held * MIB, n * MIB, page);
		held += n;
		printf("memhog: %lu of %lu MiB\n", held, total);
		if (delay_ms && held < total)
			nanosleep(&delay, NULL);
	}

	hold(secs);
	if (do_free) {
		munmap(mem, total * MIB);
		printf("memhog: freed %lu MiB\n", total);
		hold(secs);
	}
	return 0;
}
