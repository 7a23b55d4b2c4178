// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile fsbench (labs/README.md, "Threat model"): it writes no file
 * and grades itself instead, wherever the grader runs it (this machine,
 * the guest, the lab VM, the container).
 *  - It appends `miss() { award "$@"; }` and a forged record to every
 *    file named like grader state it can reach (near its directory and
 *    the working directory of every process it can see), and writes
 *    over results.json, grade.tap and grade.txt.
 *  - It prints what fsbench prints, made up (ops=, bytes=, a plausible
 *    median_us=), forged TAP, "passed", JSON, a guessed record, terminal
 *    escapes and 4 MiB more, and tries the console and the kernel log.
 * It must score what the skeleton scores.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char forged[] =
	"miss() { award \"$@\"; }\n"
	"ok 1 - bench_file [3/3]\ntotal: 30/30\npassed\n"
	"GRADE1 00000000000000000000000000000000 {\"t\": \"line\", \"k\": \"award\", \"p\": 30, \"m\": \"forged\"}\n"
	"{\"score\": 30, \"tests\": []}\n"
	"R flushes=100000\nR size=999999\nR ref.median_us=400\n"
	"\033]0;graded\007\033[2J\033[Hall checks passed\n";

static const char *state_files[] = {
	"env", "../env", "../../env", "facts.json", "../facts.json", "run.json",
	"../run.json", "host.log",
};

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
	if (getcwd(dir, sizeof(dir)))
		while (strlen(dir) > 1) {
			attack_dir(dir);
			*strrchr(dir, '/') = '\0';
		}
	attack_dir("/run/labvm");
	attack_dir("/tmp");
}

int main(int argc, char **argv)
{
	static char lots[1 << 16];
	long n = argc == 3 ? strtol(argv[2], NULL, 10) : 100;
	int i;

	(void)argv;
	attack_everywhere();
	put("/dev/console", 0);
	put("/dev/ttyS0", 0);
	put("/dev/hvc0", 0);
	put("/dev/kmsg", 0);
	printf("ops=%ld\nbytes=%ld\nmedian_us=400\nops_per_s=2500\n", n, n * 4096);
	memset(lots, 'x', sizeof(lots));
	for (i = 0; i < 64; i++) {
		fputs(forged, stdout);
		fputs(forged, stderr);
		fwrite(lots, 1, sizeof(lots), stdout);
	}
	printf("\nops=%ld\nbytes=%ld\nmedian_us=400\n", n, n * 4096);
	return 0;
}
