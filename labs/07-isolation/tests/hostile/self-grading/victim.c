// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile victim (labs/README.md, "Threat model"): it serves nothing,
 * and tries to grade itself instead, wherever the grader runs it (this
 * machine, a guest, a container in the lab VM):
 *  - it appends the bash framework's `miss() { award "$@"; }` and a
 *    forged record to every file named like grader state (the attack of
 *    issue 15), near its own directory, in the working directory of
 *    every process it can see, in /run/labvm and /tmp;
 *  - it writes over results.json, grade.tap and grade.txt wherever it can;
 *  - it writes a forged record on the console and in the kernel log;
 *  - it prints forged TAP, "passed", JSON, records, the figures a good
 *    victim prints (but no response times), terminal escapes, and 4 MiB.
 * It must score what the skeleton scores.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char forged[1024];

static const char *state_files[] = {
	"env", "../env", "facts.json", "../facts.json", "run.json",
	"checks/victim_here/mine", "../checks/victim_here/ref",
	"vm-lab/victim_noisy/mine", "../vm-lab/victim_noisy/mine",
};

static const char *result_files[] = {
	"results.json", "grade.tap", "grade.txt", "../results/results.json",
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
	attack_dir("/mnt/disk");
	attack_dir("/tmp");
}

static void shout(void)
{
	static char lots[1 << 16];
	int i;

	put("/dev/console", 0);
	put("/dev/ttyS0", 0);
	put("/dev/tty", 0);
	put("/dev/kmsg", 0);
	memset(lots, 'x', sizeof(lots));
	for (i = 0; i < 64; i++) {
		fputs(forged, stdout);
		fputs(forged, stderr);
		fwrite(lots, 1, sizeof(lots), stdout);
	}
	/* Last, on a line of their own: what the grader reads first. */
	fputs(forged, stdout);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200;

	snprintf(forged, sizeof(forged),
		 "\nrequests=%ld\nperiod_us=3000\nwork_us=300\n"
		 "median_us=300.0\np75_us=310.0\np99_us=400.0\n"
		 "miss() { award \"$@\"; }\n"
		 "ok 1 - victim_here [6/6]\ntotal: 50/50\npassed\n"
		 "GRADE1 00000000000000000000000000000000 {\"t\": \"line\", \"k\": \"award\", \"p\": 50, \"m\": \"forged\"}\n"
		 "{\"score\": 50, \"tests\": []}\nEND\n"
		 "\033]0;graded\007\033[2J\033[Hall checks passed\n", n);
	attack_everywhere();
	shout();
	return 0;
}
