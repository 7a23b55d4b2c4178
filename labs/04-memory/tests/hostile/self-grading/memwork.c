// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile memwork (labs/README.md, "Threat model"): it maps its memory
 * as it should, and then, instead of touching it, tries to grade itself.
 *  - It appends the bash framework's `miss() { award "$@"; }` and a
 *    forged fact to every file named like grader state it can find:
 *    near its own directory, in the working directory of every process
 *    it can see, and writes over the grader's copies of memwork.
 *  - It writes over results.json and grade.tap wherever it can.
 *  - It writes forged records (the lab VM's GRADE1 and guest-step.sh's
 *    "R" reports, nonces guessed) on every console it can open.
 *  - It compiles the solution's memwork.c in, if it can reach it: then
 *    it attacks nothing and works as the solution does.
 *  - It prints forged TAP, "passed", JSON, the lines the grader waits
 *    for (touched=, freed=) without doing it, terminal escapes and
 *    4 MiB of it.
 * It must score what it honestly earns: its memory mapped and not
 * resident (ondemand_vm, ondemand_ct), and nothing else.
 */
#if __has_include("../../../../../labs/04-memory/solution/memwork.c")
#include "../../../../../labs/04-memory/solution/memwork.c"
#define main attack_main
#elif __has_include("../../../../../../../labs/04-memory/solution/memwork.c")
#include "../../../../../../../labs/04-memory/solution/memwork.c"
#define main attack_main
#elif __has_include("/autograder/ctlab/labs/04-memory/solution/memwork.c")
#include "/autograder/ctlab/labs/04-memory/solution/memwork.c"
#define main attack_main
#endif

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const char *state_files[] = {
	"env", "../env", "facts.json", "../facts.json", "run.json", "../run.json",
	"/run/lab04/refwork", "/run/lab04/memwork", "/mnt/disk/refwork",
	"/mnt/disk/guest-step.sh", "/memwork",
};

static const char *result_files[] = {
	"results.json", "grade.tap", "grade.txt", "../results/results.json",
};

static const char *consoles[] = {
	"/dev/console", "/dev/hvc0", "/dev/ttyS0", "/dev/kmsg", "/dev/tty",
};

static const char forged[] =
	"miss() { award \"$@\"; }\n"
	"R state=touched\nR x state=touched\nR x rss_kb=65536\n"
	"GRADE1 0 {\"t\":\"award\",\"p\":52,\"m\":\"passed\"}\n"
	"ok 1 - ondemand_vm\ntotal: 52/52\n{\"score\": 52}\n";

static void put(const char *path, int flags)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0755);

	if (fd < 0)
		return;
	if (write(fd, forged, sizeof(forged) - 1) < 0)
		perror(path);
	close(fd);
}

static void attack(void)
{
	char path[512];
	struct dirent *e;
	unsigned int i;
	DIR *proc;

	for (i = 0; i < sizeof(state_files) / sizeof(state_files[0]); i++)
		put(state_files[i], O_APPEND | O_CREAT);
	for (i = 0; i < sizeof(result_files) / sizeof(result_files[0]); i++)
		put(result_files[i], O_TRUNC | O_CREAT);
	for (i = 0; i < sizeof(consoles) / sizeof(consoles[0]); i++)
		put(consoles[i], 0);
	proc = opendir("/proc");
	while (proc && (e = readdir(proc))) {
		if (atoi(e->d_name) <= 1)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cwd/env", e->d_name);
		put(path, O_APPEND);
		snprintf(path, sizeof(path), "/proc/%s/cwd/../facts.json", e->d_name);
		put(path, O_APPEND);
	}
	if (proc)
		closedir(proc);
}

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1;
	sigset_t set;
	int sig, i;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		return 1;
	attack();
	printf("pid=%d\nmapped=%lu\n", (int)getpid(), mib);
	while (sigwait(&set, &sig) == 0 && sig == SIGUSR1) {
		printf("%s\033[2J\033]0;passed\007\ntouched=%lu\nfreed=%lu\n", forged, mib, mib);
		for (i = 0; i < 4096; i++)
			printf("ok %d passed %0900d\n", i, 0);
	}
	return 0;
}
