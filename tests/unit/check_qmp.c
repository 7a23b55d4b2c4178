// SPDX-License-Identifier: GPL-2.0
/*
 * check_qmp.c: the QMP client against a fake QEMU.
 *
 * Each test starts a small server on a UNIX socket in a temporary
 * directory (a forked child, killed by the fixture's teardown) that plays
 * one part: a well-behaved QEMU, one that interleaves events with
 * replies, one that answers with an error, and the broken peers a client
 * must survive: garbage, JSON that is not QMP, silence, a connection
 * closed half-way, an endless line.  The client must give the right
 * -errno within its timeout, never hang.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <check.h>

#include "ctlab.h"
#include "suites.h"

#define GREETING "{\"QMP\": {\"version\": {}, \"capabilities\": []}}\r\n"

static char dir[64];
static char sock_path[128];
static pid_t server;

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ctlab-check-qmp-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock_path, sizeof(sock_path), "%s/qmp.sock", dir);
	server = 0;
}

static void teardown(void)
{
	if (server > 0) {
		kill(server, SIGKILL);
		waitpid(server, NULL, 0);
	}
	unlink(sock_path);
	rmdir(dir);
}

static void say(int fd, const char *text)
{
	(void)!write(fd, text, strlen(text));
}

/* Read one line from the client into @buf (the server's side). */
static void hear(int fd, char *buf, size_t len)
{
	size_t n = 0;

	while (n + 1 < len && read(fd, buf + n, 1) == 1 && buf[n] != '\n')
		n++;
	buf[n] = '\0';
}

/* The "id" of the command in @line, as text ("1"), for the reply. */
static const char *id_of(const char *line, char *buf, size_t len)
{
	const char *p = strstr(line, "\"id\":");

	snprintf(buf, len, "%d", p ? atoi(p + 5) : -1);
	return buf;
}

static void reply(int fd, const char *line, const char *what)
{
	char id[16], out[512];

	snprintf(out, sizeof(out), "{%s, \"id\": %s}\r\n", what,
		 id_of(line, id, sizeof(id)));
	say(fd, out);
}

/* A QEMU that is fine: greeting, capabilities, then per command. */
static void play_qemu(int fd)
{
	char line[512];

	say(fd, GREETING);
	hear(fd, line, sizeof(line));
	reply(fd, line, "\"return\": {}");
	for (;;) {
		hear(fd, line, sizeof(line));
		if (!*line)
			return;
		if (strstr(line, "query-status")) {
			/* An event first: the client must queue it. */
			say(fd, "{\"event\": \"STOP\", \"timestamp\": {}}\r\n");
			/* 2^64-1, QEMU's "unknown", must not break parsing. */
			reply(fd, line, "\"return\": {\"status\": \"paused\", \"big\": 18446744073709551615}");
		} else if (strstr(line, "hang")) {
			pause();
		} else {
			reply(fd, line, "\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nope has not been found\"}");
		}
	}
}

static void play_garbage(int fd)
{
	say(fd, "HTTP/1.0 200 OK\r\n\r\n");
}

static void play_not_qmp(int fd)
{
	say(fd, "{\"hello\": \"world\"}\n");
}

static void play_silent(int fd)
{
	(void)fd;
	pause();
}

static void play_endless_line(int fd)
{
	static char junk[65536];

	memset(junk, '{', sizeof(junk));
	while (write(fd, junk, sizeof(junk)) > 0)
		;
}

static void play_hang_up(int fd)
{
	say(fd, GREETING);
	close(fd);
}

/* Start a server that plays @part for its first client. */
static void serve(void (*part)(int fd))
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int lfd, fd;

	strcpy(addr.sun_path, sock_path);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	server = fork();
	ck_assert_int_ge(server, 0);
	if (server == 0) {
		signal(SIGPIPE, SIG_IGN);
		fd = accept(lfd, NULL, NULL);
		if (fd >= 0)
			part(fd);
		pause();
		_exit(0);
	}
	close(lfd);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(test_commands_and_events)
{
	struct ctlab_qmp *qmp;
	json_t *result = NULL, *event = NULL;

	serve(play_qemu);
	ck_assert_int_eq(ctlab_qmp_connect(sock_path, 2000, &qmp), 0);
	ck_assert_int_eq(ctlab_qmp_execute(qmp, "query-status", NULL, &result, 2000), 0);
	ck_assert_str_eq(json_string_value(json_object_get(result, "status")), "paused");
	ck_assert(json_number_value(json_object_get(result, "big")) > 1e19);
	/* The event that came before the reply was kept for us. */
	ck_assert_int_eq(ctlab_qmp_event(qmp, &event, 0), 0);
	ck_assert_str_eq(json_string_value(json_object_get(event, "event")), "STOP");
	json_decref(result);
	json_decref(event);
	/* No more events: a short wait times out. */
	ck_assert_int_eq(ctlab_qmp_event(qmp, &event, 50), -ETIMEDOUT);
	ctlab_qmp_close(qmp);
}
END_TEST

START_TEST(test_error_reply)
{
	struct ctlab_qmp *qmp;
	json_t *result = NULL;

	serve(play_qemu);
	ck_assert_int_eq(ctlab_qmp_connect(sock_path, 2000, &qmp), 0);
	ck_assert_int_eq(ctlab_qmp_execute(qmp, "nope", NULL, &result, 2000), -EIO);
	ck_assert_ptr_null(result);
	ck_assert_msg(strstr(ctlab_qmp_error(qmp), "CommandNotFound: The command nope"),
		      "error: %s", ctlab_qmp_error(qmp));
	ctlab_qmp_close(qmp);
}
END_TEST

START_TEST(test_command_times_out)
{
	struct ctlab_qmp *qmp;
	double t0;

	serve(play_qemu);
	ck_assert_int_eq(ctlab_qmp_connect(sock_path, 2000, &qmp), 0);
	t0 = now();
	ck_assert_int_eq(ctlab_qmp_execute(qmp, "hang", NULL, NULL, 300), -ETIMEDOUT);
	ck_assert_msg(now() - t0 < 2, "took %.2f s", now() - t0);
	ctlab_qmp_close(qmp);
}
END_TEST

/* Peers that are not QEMU, each with the error the client must give. */
static const struct {
	const char *what;
	void (*part)(int fd);
	int err;
} bad_peers[] = {
	{ "garbage", play_garbage, -EPROTO },
	{ "JSON that is not QMP", play_not_qmp, -EPROTO },
	{ "an endless line", play_endless_line, -EPROTO },
	{ "silence", play_silent, -ETIMEDOUT },
	{ "hanging up after the greeting", play_hang_up, -ECONNRESET },
};

START_TEST(test_bad_peer)
{
	struct ctlab_qmp *qmp = (struct ctlab_qmp *)1;
	double t0 = now();
	int err;

	serve(bad_peers[_i].part);
	err = ctlab_qmp_connect(sock_path, 500, &qmp);
	ck_assert_msg(err == bad_peers[_i].err, "%s: got %d (%s), want %d",
		      bad_peers[_i].what, err, strerror(-err),
		      bad_peers[_i].err);
	ck_assert_ptr_null(qmp);
	ck_assert_msg(now() - t0 < 3, "%s: took %.2f s", bad_peers[_i].what,
		      now() - t0);
}
END_TEST

START_TEST(test_nobody_listening)
{
	struct ctlab_qmp *qmp;
	char long_path[200];

	ck_assert_int_eq(ctlab_qmp_connect(sock_path, 500, &qmp), -ENOENT);
	memset(long_path, 'x', sizeof(long_path) - 1);
	long_path[sizeof(long_path) - 1] = '\0';
	ck_assert_int_eq(ctlab_qmp_connect(long_path, 500, &qmp),
			 -ENAMETOOLONG);
}
END_TEST

Suite *qmp_suite(void)
{
	Suite *s = suite_create("qmp");
	TCase *tc = tcase_create("client");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_commands_and_events);
	tcase_add_test(tc, test_error_reply);
	tcase_add_test(tc, test_command_times_out);
	tcase_add_loop_test(tc, test_bad_peer, 0,
			    sizeof(bad_peers) / sizeof(bad_peers[0]));
	tcase_add_test(tc, test_nobody_listening);
	suite_add_tcase(s, tc);
	return s;
}
