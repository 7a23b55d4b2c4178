// SPDX-License-Identifier: GPL-2.0
/*
 * netbench.c: lab 06's TCP benchmark, a server and two clients in one
 * static program.
 *
 *   netbench server PORT              serve both tests, one connection at
 *                                     a time, until killed
 *   netbench ping HOST PORT N SIZE    N timed round trips of SIZE bytes
 *   netbench bulk HOST PORT MIB       send MIB MiB, timed until the
 *                                     server has counted them
 *
 * The protocol.  A connection starts with a 4-byte hello, "PING" or
 * "BULK".  After "PING" come messages, each a 4-byte length L (network
 * byte order, 1 to MAX_MSG) and then L bytes; the server sends every
 * message back as it came, and closes when the client does.  After
 * "BULK" come bytes, as many as the client likes, until it shuts down
 * its side of the connection; the server then answers with how many it
 * received, as one decimal line, and closes.
 *
 * The two clients measure what a network path costs: ping the latency
 * of one small exchange (median and 90th percentile of N round trips),
 * bulk the throughput of a long stream.  The same binary runs on the
 * host, in a container (copied in: it needs no library) and in a guest,
 * which has no C library at all: hence static.  Output is one
 * "key=value" a line, for scripts:
 *   ping: rtts=N size=SIZE median_us=... p90_us=...
 *   bulk: bytes=... seconds=... mbit_s=...
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_MSG (1 << 20)	/* the largest ping message */
#define MAX_RTTS 1000000
#define CHUNK (64 << 10)	/* what bulk writes, and the sink reads, at once */

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "netbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void __attribute__((noreturn)) fail(const char *why)
{
	fprintf(stderr, "netbench: %s\n", why);
	exit(1);
}

/* CLOCK_MONOTONIC, in microseconds: it never jumps, whatever NTP does. */
static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* A number argument from LO to HI, or a usage error. */
static long number(const char *arg, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		fprintf(stderr, "netbench: '%s': expected a number from %ld to %ld\n",
			arg, lo, hi);
		exit(2);
	}
	return v;
}

/* ---- sockets ---- */

/*
 * A TCP socket listening on PORT on every address of this machine (the
 * loopback, a veth's end, a NIC's), for the server.  Returns it.
 */
static int listen_on(int port)
{
	int fd = -1;

	/* TODO 1/16: socket(2) for TCP over IPv4; SO_REUSEADDR, so that a
	 * server you restart can bind the port again at once (the last
	 * connections' TIME_WAIT would refuse it for a minute); bind(2) to
	 * INADDR_ANY and PORT (htons!); listen(2). die() on each failure. */
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die("SO_REUSEADDR");
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
		die("bind");
	if (listen(fd, 16))
		die("listen");
	/* SKEL: (void)port; */
	return fd;
}

/* A TCP connection to HOST (an IPv4 address such as 10.0.2.2) and PORT. */
static int connect_to(const char *host, int port)
{
	int fd = -1;

	/* TODO 2/12: the address from HOST with inet_pton(3) (fail() if
	 * it is not one), then socket(2) and connect(2). */
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
	};

	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
		fail("HOST must be an IPv4 address, such as 127.0.0.1");
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
		die("connect");
	/* SKEL: (void)host; (void)port; */
	return fd;
}

/*
 * Every connection, at both ends, sends each small message as soon as
 * it is written (see send_msg()).
 */
static void set_nodelay(int fd)
{
	/* TODO 3/4: turn Nagle's algorithm off: TCP_NODELAY, at level
	 * IPPROTO_TCP. */
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("TCP_NODELAY");
	/* SKEL: (void)fd; */
}

/*
 * read_full() - read exactly @len bytes into @buf.
 *
 * TCP carries a stream of bytes, not messages: one read(2) returns what
 * has arrived so far, anything from 1 byte to @len.  Returns @len, or
 * fewer if the stream ended first (0 if it ended before the first byte),
 * or -1 on an error.
 */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	/* TODO 4/10: read(2) until @len bytes are in, or it returns 0 (the
	 * end of the stream). Retry on EINTR. */
	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : (ssize_t)got;
		got += n;
	}
	return got;
	/* SKEL: (void)fd; (void)buf; (void)len; (void)got; errno = ENOSYS; */
	/* SKEL: return -1; */
}

/*
 * write_full() - write all @len bytes of @buf.  Returns 0, or -1 with
 * errno set.
 */
static int write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;

	/* TODO 4/10: write(2) takes as much as fits in the socket's buffer
	 * and may take less than @len (after a signal, say): write the
	 * rest until it is all gone. Retry on EINTR. */
	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += n;
	}
	return 0;
	/* SKEL: (void)fd; (void)buf; (void)len; (void)done; errno = ENOSYS; */
	/* SKEL: return -1; */
}

/* ---- messages ---- */

/*
 * A ping message: its length, then its bytes, in two writes, as many
 * protocols send a header and then a body.  Without TCP_NODELAY the
 * second write waits in the kernel: Nagle's algorithm holds back a small
 * segment while an earlier one is unacknowledged, and the peer, which
 * has nothing to answer until the whole message is in, delays its
 * acknowledgement (by 40 ms on Linux).
 */
static int send_msg(int fd, const void *buf, uint32_t len)
{
	uint32_t be = htonl(len);

	if (write_full(fd, &be, sizeof(be)))
		return -1;
	return write_full(fd, buf, len);
}

/*
 * recv_msg() - the next message into @buf (MAX_MSG bytes).  Returns its
 * length; 0 if the peer closed between messages; -1 on an error, a
 * message cut short or a length out of range.
 */
static ssize_t recv_msg(int fd, void *buf)
{
	uint32_t be, len;
	ssize_t n;

	n = read_full(fd, &be, sizeof(be));
	if (n <= 0)
		return n;
	len = ntohl(be);
	if (len < 1 || len > MAX_MSG) {
		errno = EPROTO;
		return -1;
	}
	if (read_full(fd, buf, len) != (ssize_t)len)
		return -1;
	return len;
}

/* ---- the server ---- */

/* PING: every message back, as it came, until the client closes. */
static void serve_ping(int fd, char *buf)
{
	ssize_t len;

	/* TODO 5/3: recv_msg() each message and send_msg() it back; stop
	 * at the end of the stream or at an error. */
	while ((len = recv_msg(fd, buf)) > 0)
		if (send_msg(fd, buf, len))
			break;
	/* SKEL: (void)fd; (void)buf; (void)len; (void)send_msg; (void)recv_msg; */
}

/* BULK: count bytes until the client shuts its side down; answer. */
static void serve_bulk(int fd, char *buf)
{
	long long count = 0;
	char line[32];
	ssize_t n;

	/* TODO 5/8: read(2) CHUNK bytes at a time until it returns 0,
	 * counting them (retry on EINTR), then write_full() the count as
	 * a line: "%lld\n". */
	while ((n = read(fd, buf, CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return;
		count += n;
	}
	write_full(fd, line, snprintf(line, sizeof(line), "%lld\n", count));
	/* SKEL: (void)fd; (void)buf; (void)count; (void)line; (void)n; */
}

static int server(int port)
{
	char *buf = malloc(MAX_MSG);
	char hello[4];
	int lfd, fd;

	if (!buf)
		die("malloc");
	/* A client that goes away mid-answer must not kill the server. */
	signal(SIGPIPE, SIG_IGN);
	lfd = listen_on(port);
	if (lfd < 0)
		fail("no socket to listen on (TODO 1)");
	fprintf(stderr, "netbench: listening on port %d\n", port);
	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		set_nodelay(fd);
		if (read_full(fd, hello, sizeof(hello)) == sizeof(hello)) {
			if (!memcmp(hello, "PING", 4))
				serve_ping(fd, buf);
			else if (!memcmp(hello, "BULK", 4))
				serve_bulk(fd, buf);
		}
		close(fd);
	}
}

/* ---- the clients ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The median of @n round trips (the mean of the two middle ones when
 * @n is even) and their 90th percentile (the smallest that at least 90 %
 * of them do not exceed: rank ceil(0.9 n), counting from 1).  A round
 * trip that waited for a timer or another process moves neither, as it
 * would move a mean.
 */
static void stats(double *rtt, long n, double *median, double *p90)
{
	/* TODO 7/3: sort rtt[] (qsort(3), cmp_double), then pick. */
	qsort(rtt, n, sizeof(*rtt), cmp_double);
	*median = n % 2 ? rtt[n / 2] : (rtt[n / 2 - 1] + rtt[n / 2]) / 2;
	*p90 = rtt[(9 * n + 9) / 10 - 1];
	/* SKEL: (void)rtt; (void)n; (void)cmp_double; *median = *p90 = 0; */
}

static int ping(const char *host, int port, long n, long size)
{
	char *out = malloc(size), *in = malloc(MAX_MSG);
	double *rtt = calloc(n, sizeof(*rtt));
	double median = 0, p90 = 0;
	long i, done = 0;
	int fd;

	if (!out || !in || !rtt)
		die("malloc");
	fd = connect_to(host, port);
	if (fd < 0)
		fail("not connected (TODO 2)");
	set_nodelay(fd);
	if (write_full(fd, "PING", 4))
		die("write");
	for (i = 0; i < n; i++) {
		/* A different message each time, so that a stale answer
		 * cannot pass for this one. */
		memset(out, 'a' + i % 26, size);
		/* TODO 6/7: one timed round trip: the time, send_msg()
		 * OUT, recv_msg() the answer into IN, the time again;
		 * rtt[done++] is the difference. fail() if the answer is
		 * not OUT, byte for byte. */
		double t0 = now_us();

		if (send_msg(fd, out, size) || recv_msg(fd, in) != size)
			fail("the round trip failed (connection closed, or the answer cut short)");
		rtt[done++] = now_us() - t0;
		if (memcmp(in, out, size))
			fail("the answer is not the message sent");
	}
	close(fd);
	if (done < 1)
		fail("no round trips timed (TODO 6)");
	stats(rtt, done, &median, &p90);
	printf("rtts=%ld\nsize=%ld\nmedian_us=%.1f\np90_us=%.1f\n",
	       done, size, median, p90);
	free(out);
	free(in);
	free(rtt);
	return 0;
}

static int bulk(const char *host, int port, long mib)
{
	long long total = (long long)mib << 20, sent = 0, count = -1;
	char *buf = calloc(1, CHUNK), line[32] = "";
	double t0 = 0, t1 = 0;
	ssize_t n;
	int fd;

	if (!buf)
		die("malloc");
	fd = connect_to(host, port);
	if (fd < 0)
		fail("not connected (TODO 2)");
	set_nodelay(fd);
	if (write_full(fd, "BULK", 4))
		die("write");
	/* TODO 8/12: the time; write_full() TOTAL bytes, CHUNK at a time
	 * (adding them up in SENT); shutdown(2) the writing side, so that
	 * the server sees the end of the stream; read its answer into
	 * LINE (read_full() would wait for bytes that never come: read
	 * until the server closes); the time again. A transfer is over
	 * when the server has the bytes, not when the last write returns:
	 * that only means they are in this machine's socket buffer. */
	t0 = now_us();
	for (; sent < total; sent += CHUNK)
		if (write_full(fd, buf, CHUNK))
			die("write");
	if (shutdown(fd, SHUT_WR))
		die("shutdown");
	for (size_t got = 0; got < sizeof(line) - 1; got += n) {
		n = read(fd, line + got, sizeof(line) - 1 - got);
		if (n <= 0)
			break;
	}
	t1 = now_us();
	/* SKEL: (void)n; (void)t0; (void)t1; (void)total; (void)now_us; */
	close(fd);
	if (sscanf(line, "%lld", &count) != 1)
		fail("no count from the server");
	if (count != sent)
		fprintf(stderr, "netbench: sent %lld bytes, the server counted %lld\n",
			sent, count);
	printf("bytes=%lld\nseconds=%.4f\nmbit_s=%.1f\n", count, (t1 - t0) / 1e6,
	       t1 > t0 ? count * 8 / (t1 - t0) : 0.0);
	free(buf);
	return count == sent ? 0 : 1;
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: netbench server PORT\n"
		"       netbench ping HOST PORT N SIZE\n"
		"       netbench bulk HOST PORT MIB\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "server"))
		return server(number(argv[2], 1, 65535));
	if (argc == 6 && !strcmp(argv[1], "ping"))
		return ping(argv[2], number(argv[3], 1, 65535),
			    number(argv[4], 1, MAX_RTTS),
			    number(argv[5], 1, MAX_MSG));
	if (argc == 5 && !strcmp(argv[1], "bulk"))
		return bulk(argv[2], number(argv[3], 1, 65535),
			    number(argv[4], 1, 4096));
	usage();
}
