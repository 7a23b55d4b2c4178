// SPDX-License-Identifier: GPL-2.0
/*
 * peer.c: lab 06's grader-side peer.  It speaks netbench's protocol (see
 * solution/netbench.c) and checks the other end as it goes, so that the
 * grader can see from outside what a student's client or server did,
 * instead of trusting what it prints.
 *
 *   peer serve PORT LOG [-s MS] [-j K,R,MS] [-a MS]
 *	A server, one connection at a time, until killed.  PORT 0: one the
 *	kernel picks.  It appends "port=P" to LOG once it listens, "open"
 *	when it accepts a connection, and a line when it is over: "ping
 *	msgs=M bytes=B early=E" or "bulk bytes=B", with "bad=WHY" if the
 *	client broke the protocol.
 *	-s MS: every answer in two parts, MS ms apart; a client that sends
 *	its next message before the second part (it took half an answer
 *	for the whole) counts in "early".
 *	-j K,R,MS: answer message i (from 0) MS ms late if i % K == R.
 *	-a MS: a bulk transfer's count answered MS ms after its end: a
 *	client that stops its clock before the answer (its bytes still in
 *	the socket buffers) measures no part of it, one that waits all.
 *   peer ping HOST PORT N SEED [-s MS]
 *	A client that checks a server: N messages of 1 to 4000 bytes
 *	(sizes and bytes drawn from SEED), each answer compared with its
 *	message.  -s MS: each length and each message in two parts, MS ms
 *	apart.  Prints "ok=N", or "bad=WHY" and exits 1.
 *   peer bulk HOST PORT BYTES SEED
 *	Sends BYTES in writes of random sizes (up to 16 KiB in one),
 *	shuts its side down, reads the answer.  Prints "sent=BYTES
 *	answer=LINE".
 *
 * Every socket gives up after 10 s without a byte: a stuck student
 * program costs a check's time, never the grader's whole run.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_MSG (1 << 20)
#define PEER_MSG 4000
#define IDLE_S 10

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "peer: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void __attribute__((noreturn)) bad(const char *why, long i)
{
	printf("bad=message %ld: %s\n", i, why);
	exit(1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Small, deterministic: the grader's seed gives the same sizes again. */
static uint64_t rng;
static uint32_t rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng >> 33;
}

static void tune(int fd)
{
	struct timeval tv = { IDLE_S, 0 };
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* As netbench's: @len bytes, fewer at the end of the stream, or -1. */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : (ssize_t)got;
		got += n;
	}
	return got;
}

static int write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += n;
	}
	return 0;
}

/* ---- the server ---- */

struct serve_opts {
	long split_ms;		/* -s */
	long jk, jr, jms;	/* -j */
	long answer_ms;		/* -a */
};

/* Is there something to read, right now? */
static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static void serve_ping(int fd, FILE *log, const struct serve_opts *o, char *buf)
{
	long msgs = 0, early = 0;
	long long bytes = 0;
	const char *why = NULL;
	uint32_t be, len;
	ssize_t n;

	for (;;) {
		n = read_full(fd, &be, 4);
		if (n == 0)
			break;
		if (n != 4) {
			why = n < 0 ? "a read failed (timeout?)" :
				      "the stream ended inside a length";
			break;
		}
		len = ntohl(be);
		if (len < 1 || len > MAX_MSG) {
			why = "a length out of range";
			break;
		}
		if (read_full(fd, buf, len) != len) {
			why = "the stream ended inside a message";
			break;
		}
		if (o->jk && msgs % o->jk == o->jr)
			sleep_ms(o->jms);
		if (o->split_ms && len >= 2) {
			/* The length and half the message; then, later,
			 * the rest, unless the client has not waited. */
			if (write_full(fd, &be, 4) || write_full(fd, buf, len / 2))
				break;
			sleep_ms(o->split_ms);
			if (readable(fd))
				early++;
			if (write_full(fd, buf + len / 2, len - len / 2))
				break;
		} else if (write_full(fd, &be, 4) || write_full(fd, buf, len)) {
			break;
		}
		msgs++;
		bytes += len;
	}
	fprintf(log, "ping msgs=%ld bytes=%lld early=%ld%s%s\n", msgs, bytes,
		early, why ? " bad=" : "", why ? why : "");
}

static void serve_bulk(int fd, FILE *log, const struct serve_opts *o, char *buf)
{
	long long count = 0;
	char line[32];
	ssize_t n;

	while ((n = read(fd, buf, 1 << 16)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(log, "bulk bytes=%lld bad=a read failed (timeout?)\n", count);
			return;
		}
		count += n;
	}
	if (o->answer_ms)
		sleep_ms(o->answer_ms);
	write_full(fd, line, snprintf(line, sizeof(line), "%lld\n", count));
	fprintf(log, "bulk bytes=%lld\n", count);
}

static int serve(int port, const char *path, const struct serve_opts *o)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	socklen_t alen = sizeof(addr);
	char *buf = malloc(MAX_MSG), hello[4];
	int lfd, fd, one = 1;
	FILE *log = fopen(path, "a");

	if (!buf || !log)
		die(path);
	setvbuf(log, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd, 16) ||
	    getsockname(lfd, (struct sockaddr *)&addr, &alen))
		die("listen");
	fprintf(log, "port=%d\n", ntohs(addr.sin_port));
	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		tune(fd);
		fprintf(log, "open\n");
		if (read_full(fd, hello, 4) != 4)
			fprintf(log, "hello bad=no hello\n");
		else if (!memcmp(hello, "PING", 4))
			serve_ping(fd, log, o, buf);
		else if (!memcmp(hello, "BULK", 4))
			serve_bulk(fd, log, o, buf);
		else
			fprintf(log, "hello bad=neither PING nor BULK\n");
		close(fd);
	}
}

/* ---- the clients ---- */

static int connect_to(const char *host, int port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd;

	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		errno = EINVAL;
		die(host);
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		printf("bad=cannot connect: %s\n", strerror(errno));
		exit(1);
	}
	tune(fd);
	return fd;
}

/* @len bytes of @buf, in two parts @ms apart if @ms. */
static int send_parts(int fd, const char *buf, size_t len, long ms)
{
	if (!ms || len < 2)
		return write_full(fd, buf, len);
	if (write_full(fd, buf, len / 2))
		return -1;
	sleep_ms(ms);
	return write_full(fd, buf + len / 2, len - len / 2);
}

static int ping(const char *host, int port, long n, long split_ms)
{
	char *out = malloc(PEER_MSG), *in = malloc(PEER_MSG);
	uint32_t len, be;
	long i, j;
	int fd;

	if (!out || !in)
		die("malloc");
	fd = connect_to(host, port);
	if (write_full(fd, "PING", 4))
		bad("cannot send the hello", 0);
	/* Messages count from 1 in what the student reads. */
	for (i = 1; i <= n; i++) {
		len = 1 + rnd() % PEER_MSG;
		for (j = 0; j < len; j++)
			out[j] = rnd();
		be = htonl(len);
		if (send_parts(fd, (char *)&be, 4, split_ms) ||
		    send_parts(fd, out, len, split_ms))
			bad("the server closed the connection (or stopped reading) before it had the whole message",
			    i);
		if (read_full(fd, &be, 4) != 4)
			bad("no answer, or a cut one (closed, or nothing for 10 s)", i);
		if (ntohl(be) != len)
			bad("the answer's length is not the message's", i);
		if (read_full(fd, in, len) != len)
			bad("the answer ends before its length says", i);
		if (memcmp(in, out, len))
			bad("the answer's bytes are not the message's", i);
	}
	shutdown(fd, SHUT_WR);
	/* Nothing more may come: the server answered each message once. */
	if (read(fd, in, 1) > 0)
		bad("bytes after the last answer", n);
	close(fd);
	printf("ok=%ld\n", n);
	return 0;
}

static int bulk(const char *host, int port, long long total)
{
	static char buf[1 << 17];
	char line[64] = "";
	long long sent = 0;
	size_t got = 0, chunk;
	ssize_t n;
	int fd;

	for (chunk = 0; chunk < sizeof(buf); chunk++)
		buf[chunk] = rnd();
	fd = connect_to(host, port);
	if (write_full(fd, "BULK", 4)) {
		printf("bad=cannot send the hello\n");
		exit(1);
	}
	while (sent < total) {
		/* A small transfer in one write: it arrives in one piece. */
		chunk = total <= 16384 ? (size_t)total : 1 + rnd() % sizeof(buf);
		if ((long long)chunk > total - sent)
			chunk = total - sent;
		if (write_full(fd, buf, chunk)) {
			printf("bad=the server closed the connection (or stopped reading) after %lld of %lld bytes, before the end of the stream\n",
			       sent, total);
			exit(1);
		}
		sent += chunk;
	}
	shutdown(fd, SHUT_WR);
	while (got < sizeof(line) - 1) {
		n = read(fd, line + got, sizeof(line) - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	line[strcspn(line, "\r\n")] = 0;
	printf("sent=%lld answer=%s\n", sent, line);
	return 0;
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: peer serve PORT LOG [-s MS] [-j K,R,MS] [-a MS]\n"
		"       peer ping HOST PORT N SEED [-s MS]\n"
		"       peer bulk HOST PORT BYTES SEED\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct serve_opts o = { 0 };
	int i;

	signal(SIGPIPE, SIG_IGN);
	if (argc >= 4 && !strcmp(argv[1], "serve")) {
		for (i = 4; i + 1 < argc; i += 2) {
			if (!strcmp(argv[i], "-s"))
				o.split_ms = atol(argv[i + 1]);
			else if (!strcmp(argv[i], "-a"))
				o.answer_ms = atol(argv[i + 1]);
			else if (!strcmp(argv[i], "-j") &&
				 sscanf(argv[i + 1], "%ld,%ld,%ld", &o.jk, &o.jr, &o.jms) == 3)
				;
			else
				usage();
		}
		return serve(atoi(argv[2]), argv[3], &o);
	}
	if (argc >= 6 && !strcmp(argv[1], "ping")) {
		rng = strtoull(argv[5], NULL, 10);
		return ping(argv[2], atoi(argv[3]), atol(argv[4]),
			    argc == 8 && !strcmp(argv[6], "-s") ? atol(argv[7]) : 0);
	}
	if (argc == 6 && !strcmp(argv[1], "bulk")) {
		rng = strtoull(argv[5], NULL, 10);
		return bulk(argv[2], atoi(argv[3]), atoll(argv[4]));
	}
	usage();
}
