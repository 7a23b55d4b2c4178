// SPDX-License-Identifier: GPL-2.0
/*
 * logs.c: `ctlab logs NAME`: what a container printed, or a guest's
 * serial console, from the file its run directory keeps (a detached or
 * created container's output.log; a guest's serial.log, the boot log).
 * -f follows it, as tail -f, until the container or guest is gone.
 *
 * A name is looked up among containers first, then among guests.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"

enum { OPT_TAIL = CLI_KEY(1) };

static const struct cli_opt logs_opts[] = {
	{ .name = "follow", .key = 'f', .arg = NULL, .help = "keep printing what comes, until it is gone" },
	{ .name = "tail", .key = OPT_TAIL, .arg = "N", .help = "only the last N lines" },
	CLI_OPT_END,
};

/* Is the container or guest still there to write more? */
static bool still_there(const char *name, bool guest)
{
	struct ctlab_vm_stats vm;
	struct ctlab_stats st;
	int fd, err;

	if (guest)
		return !ctlab_vm_stats(name, &vm) && vm.alive;
	if (ctlab_open(&fd))
		return false;
	err = ctlab_stats(fd, 0, name, &st);
	close(fd);
	return !err && st.state != CTLAB_STATE_EXITED;
}

/* Where to start for the last @lines lines of @fd (0: all). */
static off_t tail_offset(int fd, unsigned int lines)
{
	off_t end = lseek(fd, 0, SEEK_END), pos = end;
	unsigned int seen = 0;
	char c;

	if (!lines || end <= 0)
		return 0;
	/* A last line without its newline counts as a line too. */
	if (pread(fd, &c, 1, end - 1) == 1 && c == '\n')
		pos--;
	while (pos > 0) {
		if (pread(fd, &c, 1, pos - 1) != 1)
			break;
		if (c == '\n' && ++seen == lines)
			break;
		pos--;
	}
	return pos;
}

/* Copies @fd to stdout from where it is; false at an error. */
static bool copy_out(int fd)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return false;
	fflush(stdout);
	return n == 0;
}

static int logs(const struct cli_cmd *cmd, int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	unsigned int tail = 0;
	bool follow = false, guest = false;
	const char *name;
	int c, fd;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == 'f')
			follow = true;
		else
			tail = cli_uint(cmd, "--tail", optarg, 1, 1000000);
	}
	if (argc - optind != 1)
		usage(cmd, "expected one container or guest name");
	name = cli_name(cmd, argv[optind]);
	ctlab_ct_run_dir(name, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/output.log", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && !access(dir, F_OK))
		die("%s ran in the foreground: its output went to its terminal (run -d keeps it)",
		    name);
	if (fd < 0 && errno == ENOENT && !ctlab_vm_run_dir(name, dir, sizeof(dir))) {
		guest = true;
		snprintf(path, sizeof(path), "%s/serial.log", dir);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0 && errno == ENOENT)
		die("%s: no such container or guest (ctlab ps, ctlab vm ls)", name);
	if (fd < 0)
		die_errno(errno, "%s", path);
	lseek(fd, tail_offset(fd, tail), SEEK_SET);
	if (!copy_out(fd))
		die_errno(errno, "%s", path);
	while (follow) {
		bool there = still_there(name, guest);

		usleep(200000);
		if (!copy_out(fd))
			die_errno(errno, "%s", path);
		/* What it wrote before it went was copied just now. */
		if (!there)
			break;
	}
	close(fd);
	return EXIT_SUCCESS;
}

const struct cli_cmd cli_cmd_logs = {
	.name = "logs", .operands = "NAME",
	.summary = "a container's output, or a guest's serial console",
	.help = "Print what container NAME printed (a detached or created one's\n"
		"output.log), or guest NAME's serial console (serial.log: its boot\n"
		"log).  A container is looked for first, then a guest.\n",
	.opts = logs_opts, .operand = COMPLETE_ANY, .run = logs,
};
