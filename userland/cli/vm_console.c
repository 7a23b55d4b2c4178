// SPDX-License-Identifier: GPL-2.0
/*
 * vm_console.c: "ctlab vm console NAME", a terminal on the guest's shell.
 *
 * The guest runs a shell on its virtio console (hvc0), which QEMU offers
 * on the UNIX socket console.sock in the run directory.  This copies bytes
 * both ways between that socket and our terminal, put in raw mode so that
 * keys like Ctrl-C reach the guest; Ctrl-] (as in telnet) leaves.
 *
 * Without a terminal it suits scripts: it sends standard input, then
 * prints what the guest says until it has been quiet for a second.
 */
#include <errno.h>
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
#define QUIET_MS 1000

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

int cli_vm_console(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = cli_vm_name(cmd, argc, argv);
	struct pollfd pfd[2];
	bool input_open = true;
	int fd, n;

	fd = connect_console(name);
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		struct termios t = saved;

		cfmakeraw(&t);
		raw = tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0;
		atexit(restore_terminal);
		fprintf(stderr, "ctlab: %s's console; leave with Ctrl-]\r\n", name);
		/* A newline makes the shell print a fresh prompt. */
		(void)!write(fd, "\n", 1);
	}
	pfd[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = fd, .events = POLLIN };
	for (;;) {
		/* Input done (no terminal): wait for the guest to go quiet. */
		n = poll(input_open ? pfd : pfd + 1, input_open ? 2 : 1,
			 input_open ? -1 : QUIET_MS);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (input_open && pfd[0].revents) {
			if (!copy(STDIN_FILENO, fd)) {
				if (raw)
					break;
				input_open = false;
			}
		}
		if (pfd[1].revents && !copy(fd, STDOUT_FILENO))
			break;
	}
	close(fd);
	if (raw)
		fprintf(stderr, "\r\n");
	return EXIT_SUCCESS;
}
