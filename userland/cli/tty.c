// SPDX-License-Identifier: GPL-2.0
/*
 * tty.c: `ctlab run -it`, the caller's terminal joined to the container's.
 *
 * The container gets a pseudo-terminal of its own (lib/pty.c), so it
 * never holds the caller's: it cannot push keystrokes into it or keep it
 * after it exits.  This loop copies between the two ends, as ssh or
 * `docker run -it` do: keys from the caller's terminal, put in raw mode
 * so that Ctrl-C and friends reach the container as keys, go to the
 * pty's master; what the container writes comes back out.  A change of
 * the caller's window size is passed on (SIGWINCH, read through a
 * signalfd so the loop needs no signal handler).
 *
 * When the container's init exits its PID namespace goes with every
 * task in it, the last holder of the pty's other end closes, and reading
 * the master fails with EIO: that ends the loop.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

/* Writes all of @buf to @fd. */
static bool write_all(int fd, const char *buf, ssize_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= n;
	}
	return true;
}

/* Copies what one read of @from gives to @to; false at its end. */
static bool copy(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	return n > 0 && write_all(to, buf, n);
}

static void copy_window_size(int master)
{
	struct winsize ws;

	if (!ioctl(STDIN_FILENO, TIOCGWINSZ, &ws))
		ioctl(master, TIOCSWINSZ, &ws);
}

void cli_tty_relay(int master)
{
	struct termios saved, raw;
	struct signalfd_siginfo si;
	struct pollfd p[3];
	sigset_t winch;
	bool keys = true;

	sigemptyset(&winch);
	sigaddset(&winch, SIGWINCH);
	sigprocmask(SIG_BLOCK, &winch, NULL);
	p[0] = (struct pollfd){ .fd = master, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = signalfd(-1, &winch, SFD_CLOEXEC),
				.events = POLLIN };
	copy_window_size(master);
	tcgetattr(STDIN_FILENO, &saved);
	raw = saved;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);

	for (;;) {
		/* A negative fd is skipped: the caller's input has ended. */
		p[1].fd = keys ? STDIN_FILENO : -1;
		if (poll(p, 3, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents && !copy(master, STDOUT_FILENO))
			break;
		if (p[1].revents && !copy(STDIN_FILENO, master))
			keys = false;
		if (p[2].revents && read(p[2].fd, &si, sizeof(si)) > 0)
			copy_window_size(master);
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	close(p[2].fd);
}

/*
 * exec without -t, from a terminal: the command gets pipes, never the
 * terminal itself, and this copies between them until its output ends.
 * @in is the write end of its input (-1: none), @out and @err the read
 * ends of its output; each -1 if that one was not a terminal.
 */
void cli_pipe_relay(int in, int out, int err)
{
	struct pollfd p[3] = {
		{ .fd = in >= 0 ? STDIN_FILENO : -1, .events = POLLIN },
		{ .fd = out, .events = POLLIN },
		{ .fd = err, .events = POLLIN },
	};

	bool outputs = out >= 0 || err >= 0;

	/* Its input alone: until it ends, or the command stops reading. */
	signal(SIGPIPE, SIG_IGN);
	while (outputs ? p[1].fd >= 0 || p[2].fd >= 0 : p[0].fd >= 0) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents && !copy(STDIN_FILENO, in)) {
			close(in);
			p[0].fd = -1;
		}
		if (p[1].revents && !copy(out, STDOUT_FILENO))
			p[1].fd = -1;
		if (p[2].revents && !copy(err, STDERR_FILENO))
			p[2].fd = -1;
	}
}
