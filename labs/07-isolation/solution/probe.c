// SPDX-License-Identifier: GPL-2.0
/*
 * probe.c: lab 07's probe, "what can be seen from here".
 *
 *   probe [WORD...]
 *
 * Prints facts about the place it runs in, one "key=value" a line: which
 * kernel answers its system calls, what that kernel lets it see, and what
 * it lets root do.  For each WORD it also says whether a process of that
 * name is visible here, and whether the kernel log it can read holds the
 * word: the grader plants such words on a host, and in a container, to
 * tell whose processes and whose log a place sees.
 *
 * The same static binary runs on your machine, on the lab VM's host, in
 * its containers and in a guest that has no C library.  Compare what it
 * prints in each: a container's namespaces give it its own view of a few
 * things (its host name, its processes); everything else is the one
 * kernel's, shared with the host.  A guest's kernel is a kernel of its own.
 *
 * It only looks: the two privileged calls at the end are asked to do
 * nothing at all, and the answer is whether the kernel would let them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define BOOT_ID "/proc/sys/kernel/random/boot_id"

/* klogctl(2)'s actions: the kernel's SYSLOG_ACTION_*, in no libc header. */
#define LOG_READ_ALL 3
#define LOG_SIZE_BUFFER 10

/* One fact: "key=value". */
static void __attribute__((format(printf, 2, 3)))
fact(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("%s=", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* "PREFIX.WORD=yes" or "=no": for the words the grader planted. */
static void word_fact(const char *prefix, const char *word, int yes)
{
	printf("%s.%s=%s\n", prefix, word, yes ? "yes" : "no");
}

/* The errno's name, as the man pages spell it: what the kernel said. */
static const char *errno_name(int err)
{
	static char other[24];

	switch (err) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOSYS: return "ENOSYS";
	}
	snprintf(other, sizeof(other), "errno%d", err);
	return other;
}

/* The first line of a small file, without its newline; 0 or -errno. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Is the name a PID, as /proc's directory of a process is named? */
static int is_pid(const char *name)
{
	if (!*name)
		return 0;
	for (; *name; name++)
		if (*name < '0' || *name > '9')
			return 0;
	return 1;
}

/*
 * Which kernel runs this: its release, the random ID it drew when it
 * booted (a new one every boot, so two places that print the same one run
 * on the same kernel, booted once), and how long ago that was.
 */
static void which_kernel(void)
{
	struct utsname u;
	struct timespec ts;
	char id[64];

	/* TODO 1/8: print release (uname(2)), boot_id (the file BOOT_ID)
	 * and uptime: the kernel's CLOCK_BOOTTIME, in whole seconds, the
	 * clock /proc/uptime shows.
	 */
	uname(&u);
	fact("release", "%s", u.release);
	if (read_line(BOOT_ID, id, sizeof(id)) == 0)
		fact("boot_id", "%s", id);
	else
		fact("boot_id", "none");
	clock_gettime(CLOCK_BOOTTIME, &ts);
	fact("uptime", "%lld", (long long)ts.tv_sec);
	/* SKEL: (void)u, (void)ts, (void)id, (void)read_line; */
}

/*
 * The processes this place can see: how many, and for each word whether
 * one of them is named so (its /proc/PID/comm).  @seen[i] is set for
 * words[i].
 */
static int count_processes(int nwords, char **words, int *seen)
{
	struct dirent *d;
	char path[300], comm[64];
	int n = 0, i;
	DIR *proc;

	proc = opendir("/proc");
	if (!proc)
		return -1;
	/* TODO 2/9: count the entries of /proc that are processes (their
	 * names are PIDs: is_pid()), and for each, read its comm (one line)
	 * and set seen[i] if it is words[i].
	 */
	while ((d = readdir(proc))) {
		if (!is_pid(d->d_name))
			continue;
		n++;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		if (read_line(path, comm, sizeof(comm)) == 0)
			for (i = 0; i < nwords; i++)
				seen[i] |= !strcmp(comm, words[i]);
	}
	/* SKEL: (void)d, (void)path, (void)comm, (void)i, (void)is_pid; */
	/* SKEL: (void)nwords, (void)words, (void)seen; */
	closedir(proc);
	return n;
}

/* How many modules the kernel has loaded: -errno if it keeps no list. */
static int count_modules(void)
{
	char line[512];
	int n = 0;
	FILE *f;

	/* TODO 2/6: count the lines of /proc/modules.  A kernel built
	 * without module support has no such file: return -errno then.
	 */
	f = fopen("/proc/modules", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	/* SKEL: (void)line, (void)f; */
	return n;
}

/* MemTotal from /proc/meminfo, in KiB; -1 if not found. */
static long mem_total_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f;

	/* TODO 2/7: find the line "MemTotal: N kB" of /proc/meminfo. */
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %ld kB", &kib) == 1)
			break;
	fclose(f);
	/* SKEL: (void)line, (void)f; */
	return kib;
}

/*
 * What this place sees of its machine: its host name (the UTS namespace's),
 * its processes, the kernel's modules, its memory and its CPUs.
 */
static void what_it_sees(int nwords, char **words)
{
	int *seen = calloc((size_t)nwords + 1, sizeof(*seen));
	struct utsname u;
	int n, i;

	if (!seen)
		exit(1);
	uname(&u);
	fact("hostname", "%s", u.nodename);
	n = count_processes(nwords, words, seen);
	if (n >= 0)
		fact("procs", "%d", n);
	for (i = 0; i < nwords; i++)
		word_fact("proc", words[i], seen[i]);
	n = count_modules();
	if (n >= 0)
		fact("modules", "%d", n);
	else if (n == -ENOENT)
		fact("modules", "none");
	if (mem_total_kib() >= 0)
		fact("mem_total", "%ld", mem_total_kib());
	/* TODO 2/1: print cpus: how many CPUs are online (sysconf(3)). */
	fact("cpus", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	free(seen);
}

/*
 * Whether this place may read the kernel's log, and if it may, whether
 * the log holds each word.  It prints kernel_log=readable, or the name of
 * the errno klogctl(2) gave.  Reading it takes CAP_SYSLOG once
 * kernel.dmesg_restrict is 1 (Debian's default); the kernel still lets
 * CAP_SYS_ADMIN in too, for old programs' sake, with a warning in the log.
 */
static void kernel_log(int nwords, char **words)
{
	char *buf = NULL;
	int size, n = -1, i;

	/* TODO 3/9: ask klogctl(2) for the size of the log buffer
	 * (LOG_SIZE_BUFFER), then read all of it (LOG_READ_ALL) into buf,
	 * size + 1 bytes, NUL-terminated.  n is what it read, or -1 with
	 * errno set if either call failed.
	 */
	size = klogctl(LOG_SIZE_BUFFER, NULL, 0);
	if (size >= 0) {
		buf = malloc((size_t)size + 1);
		if (!buf)
			exit(1);
		n = klogctl(LOG_READ_ALL, buf, size);
		if (n >= 0)
			buf[n] = '\0';
	}
	/* SKEL: (void)size; */
	if (n < 0) {
		fact("kernel_log", "%s", errno_name(errno));
		free(buf);
		return;
	}
	fact("kernel_log", "readable");
	for (i = 0; i < nwords; i++)
		word_fact("log", words[i], strstr(buf, words[i]) != NULL);
	free(buf);
}

/*
 * Whether the kernel lets root here do two things that reach past any
 * namespace, asked so that nothing happens either way:
 *
 * set_clock: settimeofday(2) with neither a time nor a time zone sets
 * nothing, but the kernel checks CAP_SYS_TIME first.  (Through syscall(2):
 * glibc's settimeofday() would read the time from the NULL pointer.)
 *
 * load_module: finit_module(2) on file descriptor -1 cannot load anything,
 * but the kernel checks CAP_SYS_MODULE first: EBADF means that check
 * passed, and a real module would have loaded.  ENOSYS: this kernel was
 * built without modules at all.
 */
static void what_root_may_do(void)
{
	/* TODO 3/8: print set_clock and load_module: "allowed" if the
	 * kernel let the call through (0 for settimeofday, EBADF for
	 * finit_module), else the errno's name.
	 */
	if (syscall(SYS_settimeofday, NULL, NULL) == 0)
		fact("set_clock", "allowed");
	else
		fact("set_clock", "%s", errno_name(errno));
	if (syscall(SYS_finit_module, -1, "", 0) == 0 || errno == EBADF)
		fact("load_module", "allowed");
	else
		fact("load_module", "%s", errno_name(errno));
}

int main(int argc, char **argv)
{
	which_kernel();
	what_it_sees(argc - 1, argv + 1);
	kernel_log(argc - 1, argv + 1);
	what_root_may_do();
	return 0;
}
