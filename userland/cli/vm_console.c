// SPDX-License-Identifier: GPL-2.0
/*
 * vm_console.c: "ctlab vm console NAME", a terminal on the guest's shell.
 *
 * The guest runs a shell on its virtio console (hvc0), which QEMU offers
 * on the UNIX socket console.sock in the run directory.  This copies bytes
 * both ways between that socket and our terminal, put in raw mode so that
 * keys like Ctrl-C reach the guest; Ctrl-] (as in telnet) leaves.
 *
 * Without a terminal it runs standard input as a script in the guest and
 * prints its output (vm_script.c).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"

#define ESCAPE_KEY 0x1d		/* Ctrl-] */

static struct termios saved;
static bool raw;

static void restore_terminal(void)
{
	if (raw)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
}

static int connect_console(const char *name)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char dir[PATH_MAX];
	int fd;

	if (ctlab_vm_run_dir(name, dir, sizeof(dir)) ||
	    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/console.sock",
		     dir) >= (int)sizeof(addr.sun_path))
		die("%s: the console socket's path is too long", name);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die_errno(errno, "socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		if (errno == ENOENT && access(dir, F_OK))
			die("no guest named %s", name);
		die_errno(errno, "%s: cannot reach its console", name);
	}
	return fd;
}

static bool copy(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf)), off = 0;

	if (n <= 0)
		return false;
	/* In raw mode our escape key ends the session. */
	if (raw && from == STDIN_FILENO && memchr(buf, ESCAPE_KEY, (size_t)n))
		return false;
	while (off < n) {
		ssize_t w = write(to, buf + off, (size_t)(n - off));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		off += w;
	}
	return true;
}

/* A terminal on the guest's shell, until Ctrl-] or the guest hangs up. */
static void attach(int fd, const char *name)
{
	struct pollfd pfd[2];
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &saved) == 0) {
		t = saved;
		cfmakeraw(&t);
		raw = tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0;
		atexit(restore_terminal);
	}
	fprintf(stderr, "ctlab: %s's console; leave with Ctrl-]\r\n", name);
	/* A newline makes the shell print a fresh prompt. */
	(void)!write(fd, "\n", 1);
	pfd[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = fd, .events = POLLIN };
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents && !copy(STDIN_FILENO, fd))
			break;
		if (pfd[1].revents && !copy(fd, STDOUT_FILENO))
			break;
	}
	fprintf(stderr, "\r\n");
}

static const struct cli_opt console_opts[] = {
	{ .name = "timeout", .key = CLI_KEY(1), .arg = "SEC", .help = "the most a script may take (default 120); past it,\nexit 125, leaving it running in the guest" },
	CLI_OPT_END,
};

static int vm_console(const struct cli_cmd *cmd, int argc, char **argv)
{
	unsigned int timeout = 120;
	const char *name;
	int fd, status = EXIT_SUCCESS;

	while (cli_getopt(cmd, argc, argv) != -1)
		timeout = cli_uint(cmd, "--timeout", optarg, 1, 86400);
	if (argc - optind != 1)
		usage(cmd, "expected one guest name");
	name = cli_name(cmd, argv[optind]);
	fd = connect_console(name);
	if (isatty(STDIN_FILENO))
		attach(fd, name);
	else
		status = vm_run_script(fd, name, (int)timeout * 1000);
	close(fd);
	return status;
}

const struct cli_cmd cli_cmd_vm_console = {
	.name = "vm console", .operands = "NAME",
	.summary = "a shell in a guest, or a script run in it",
	.help = "Attach to the guest's shell on its virtio console.  Leave with Ctrl-].\n"
		"Without a terminal (a script, a grader): run standard input in the\n"
		"guest as a shell script, print its output (standard error included,\n"
		"no echo, no prompts) and exit with its status.\n",
	.opts = console_opts, .operand = COMPLETE_VM, .run = vm_console,
};
