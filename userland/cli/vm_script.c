// SPDX-License-Identifier: GPL-2.0
/*
 * vm_script.c: "ctlab vm console NAME <SCRIPT", without a terminal: run
 * standard input in the guest as a script and print what it prints,
 * nothing else, then exit with its status.
 *
 * The console is a terminal in the guest with an interactive shell on
 * it, which echoes what it is sent, prints prompts, and may still be
 * printing for an earlier session (a command that outlived it).  Sent as
 * typed, a script's output would come interleaved with its own echo, and
 * the end of it could only be guessed from a pause.  So, with a token
 * drawn for this session that no earlier output can hold:
 *
 *   1. "stty -echo -onlcr", no prompts (PS1 and PS2 kept aside), and a
 *      first marker: whatever comes before the marker is not this
 *      session's, and from then on the terminal neither echoes nor adds
 *      '\r' to each newline, and the shell prints no prompt;
 *   2. the script, as a here-document to "sh -s" with its standard error
 *      joined to its output, then a second marker carrying its exit
 *      status, and the prompts and the terminal's settings put back.
 *      That is one line of the shell's, so it puts them back even if we
 *      are gone by then;
 *   3. what comes between the markers is the script's output.
 *
 * The marker is printed as two words joined (printf %s%s), so that an
 * echo of the command, which shows them apart, never passes for it.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define SCRIPT_MAX (1 << 20)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die_errno(errno, "writing to the guest's console");
		buf += n;
		len -= (size_t)n;
	}
}

/* All of standard input, NUL-terminated. */
static char *read_script(size_t *len)
{
	char *buf = malloc(SCRIPT_MAX + 1);
	ssize_t n;

	if (!buf)
		die("out of memory");
	*len = 0;
	while ((n = read(STDIN_FILENO, buf + *len, SCRIPT_MAX - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die_errno(errno, "reading the script");
		*len += (size_t)n;
		if (*len == SCRIPT_MAX)
			die("the script is over %d bytes", SCRIPT_MAX);
	}
	buf[*len] = '\0';
	return buf;
}

/* What the guest has said and we have not dealt with yet. */
struct reader {
	int fd;
	char buf[8192];
	size_t len;
	long long deadline;	/* CLOCK_MONOTONIC ms */
};

/* Reads more into @r; false at the deadline or when the guest hangs up. */
static bool read_more(struct reader *r)
{
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	long long left = r->deadline - now_ms();
	ssize_t n;

	if (left <= 0 || r->len == sizeof(r->buf))
		return false;
	n = poll(&p, 1, (int)left);
	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	n = read(r->fd, r->buf + r->len, sizeof(r->buf) - r->len);
	if (n <= 0)
		return n < 0 && errno == EINTR;
	r->len += (size_t)n;
	return true;
}

/* Drops the first @n bytes of @r, printing them if @print. */
static void consume(struct reader *r, size_t n, bool print)
{
	if (print && n)
		fwrite(r->buf, 1, n, stdout);
	memmove(r->buf, r->buf + n, r->len - n);
	r->len -= n;
}

/*
 * Reads until @marker, passing on (@print) or dropping what comes before
 * it; then drops the marker itself.  All but the marker's length minus
 * one is passed on as it comes.  False if it never came.
 */
static bool until_marker(struct reader *r, const char *marker, bool print)
{
	size_t mlen = strlen(marker);
	char *at;

	for (;;) {
		at = memmem(r->buf, r->len, marker, mlen);
		if (at) {
			consume(r, (size_t)(at - r->buf), print);
			consume(r, mlen, false);
			return true;
		}
		if (r->len >= mlen)
			consume(r, r->len - mlen + 1, print);
		fflush(stdout);
		if (!read_more(r))
			return false;
	}
}

int vm_run_script(int fd, const char *name, int timeout_ms)
{
	struct reader r = { .fd = fd, .deadline = now_ms() + timeout_ms };
	char token[17], begin[64], end[64], *script, *nl;
	unsigned char rnd[8];
	size_t len, i;
	int status;

	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		die_errno(errno, "getrandom");
	for (i = 0; i < sizeof(rnd); i++)
		sprintf(token + 2 * i, "%02x", rnd[i]);
	script = read_script(&len);

	/* 1. Quiet the terminal; what comes before the marker is not ours.
	 * ${v=...} keeps the prompts of a session killed between 1 and 2. */
	dprintf(fd, "stty -echo -onlcr; : \"${__ctlab_ps1=$PS1}${__ctlab_ps2=$PS2}\"; PS1= PS2=; printf '%%s%%s\\n' __ctlab_begin_ %s\n",
		token);
	snprintf(begin, sizeof(begin), "__ctlab_begin_%s\n", token);
	if (!until_marker(&r, begin, false))
		die("%s: its console's shell did not answer within %d s (busy with an earlier command?)",
		    name, timeout_ms / 1000);

	/* 2. The script, then its status, on one line of the shell's. */
	dprintf(fd, "sh -s 2>&1 <<'__ctlab_eof_%s'; printf '%%s%%s %%d\\n' __ctlab_end_ %s $?; PS1=$__ctlab_ps1 PS2=$__ctlab_ps2; unset __ctlab_ps1 __ctlab_ps2; stty echo onlcr\n",
		token, token);
	send_all(fd, script, len);
	if (len && script[len - 1] != '\n')
		send_all(fd, "\n", 1);
	dprintf(fd, "__ctlab_eof_%s\n", token);
	free(script);

	/* 3. Its output, to the second marker and the status after it. */
	snprintf(end, sizeof(end), "__ctlab_end_%s ", token);
	if (!until_marker(&r, end, true)) {
		fflush(stdout);
		die("%s: the script did not finish within %d s", name,
		    timeout_ms / 1000);
	}
	fflush(stdout);
	while (!(nl = memchr(r.buf, '\n', r.len)))
		if (!read_more(&r))
			die("%s: the console went away", name);
	*nl = '\0';
	status = atoi(r.buf);
	return status >= 0 && status <= 255 ? status : EXIT_FAILURE;
}
