// SPDX-License-Identifier: GPL-2.0
/*
 * memwork.c: lab 04's workload, memory taken and given back on cue.
 *
 *   memwork MIB
 *
 * It says who it is ("pid=PID"), maps MIB MiB of private anonymous
 * memory ("mapped=MIB") and waits.  The first SIGUSR1 makes it write one
 * byte in every page ("touched=MIB"), the second give the memory back
 * with munmap() ("freed=MIB"); after each it waits again.  SIGTERM (or
 * SIGINT) ends it.  Each step is one line, "key=value", flushed at once,
 * so that whoever watches (you, the grader, memstat.sh) knows exactly
 * when to look, and has all the time it needs to look.
 *
 * The lab is about what happens between those lines, as seen from
 * outside: mapping costs no memory (VmSize grows, VmRSS does not);
 * touching does, one page fault at a time; unmapping gives it back to
 * the kernel that gave it.  In a container that kernel is the host's.
 * In a guest it is the guest's, and QEMU, which holds the guest's RAM
 * on the host, never learns that the pages are free again.
 *
 * Static, so that the same binary runs on the host, in a container and
 * in a guest, which has no C library.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB (1UL << 20)
#define MAX_MIB 65536

static void die(const char *what)
{
	fprintf(stderr, "memwork: %s: %s\n", what, strerror(errno));
	exit(1);
}

/*
 * Wait for the next signal we care about.  They are blocked (main() did
 * that first thing), so one sent before we got here is not lost: it
 * waits, pending, and sigwaitinfo() returns it at once.  No busy loop,
 * no flag set in a handler and checked too late.
 */
static int next_signal(const sigset_t *set)
{
	int sig;

	do
		sig = sigwaitinfo(set, NULL);
	while (sig < 0 && errno == EINTR);
	if (sig < 0)
		die("sigwaitinfo");
	return sig;
}

/* Write one byte in every page of [MEM, MEM + LEN). */
static void touch(char *mem, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	/* TODO 2/2: write one byte in every page: each first write is a
	 * page fault, and only then does the kernel give the page a frame
	 * of RAM.  One write per page is enough, and costs least. */
	for (size_t off = 0; off < len; off += page)
		mem[off] = 1;
	/* SKEL: (void)mem; (void)len; (void)page; */
}

int main(int argc, char **argv)
{
	enum { MAPPED, TOUCHED, FREED } step = MAPPED;
	unsigned long mib;
	char *mem = NULL;
	sigset_t set;
	size_t len;
	char *end;
	int sig;

	if (argc != 2 || (mib = strtoul(argv[1], &end, 10)) < 1 ||
	    mib > MAX_MIB || *end) {
		fprintf(stderr, "usage: memwork MIB (1..%d)\n", MAX_MIB);
		return 2;
	}
	len = mib * MIB;
	/*
	 * The signals we wait for are blocked before anyone can send one:
	 * see next_signal().
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		die("sigprocmask");
	/* A line at a time, even into a pipe or a file: a watcher that
	 * reads "touched" must not find it stuck in our buffer. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid=%d\n", (int)getpid());

	/* TODO 1/4: map LEN bytes of private anonymous memory, readable and
	 * writable (mmap(2)).  No page of it exists yet: only the range. */
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	printf("mapped=%lu\n", mib);

	/*
	 * Each SIGUSR1 moves it one step on: touch, then free; later ones
	 * are ignored.  SIGTERM or SIGINT ends it, at any step.
	 */
	while ((sig = next_signal(&set)) == SIGUSR1) {
		if (step == MAPPED) {
			touch(mem, len);
			step = TOUCHED;
			printf("touched=%lu\n", mib);
		} else if (step == TOUCHED) {
			/* TODO 3/2: give the memory back to the kernel
			 * (munmap(2)): its frames are free again. */
			if (munmap(mem, len))
				die("munmap");
			step = FREED;
			printf("freed=%lu\n", mib);
		}
	}
	printf("exit=%d\n", sig);
	return 0;
}
