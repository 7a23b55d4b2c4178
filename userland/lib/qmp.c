// SPDX-License-Identifier: GPL-2.0
/*
 * qmp.c: a client for QEMU's machine protocol, QMP.
 *
 * The wire format is one JSON object per line.  QEMU speaks first (the
 * greeting), the client enables commands with qmp_capabilities, and then
 * sends {"execute": ..., "arguments": ..., "id": N}; the reply carries the
 * same id.  Events ({"event": ...}) are not replies: they can arrive at
 * any moment, including between a command and its reply, so the reader
 * sets them aside in a queue and keeps looking for the reply.
 *
 * Every wait has a deadline and goes through poll(): a QEMU that hangs, or
 * a peer that is not QEMU at all, produces -ETIMEDOUT or -EPROTO and a
 * sentence in ctlab_qmp_error(), never a hang.  JSON is parsed and built
 * by jansson.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* No QMP message comes near this; a peer sending more is not QMP. */
#define QMP_MAX_LINE (1 << 20)
/* Events nobody reads are dropped, oldest first, beyond this many. */
#define QMP_MAX_EVENTS 256

struct ctlab_qmp {
	int fd;
	json_int_t next_id;
	char *buf;		/* received bytes not yet consumed */
	size_t len, cap;
	json_t *events;		/* array of queued events, oldest first */
	char error[256];
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int ms_left(long long deadline)
{
	long long left = deadline - now_ms();

	return left > 0 ? (int)left : 0;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct ctlab_qmp *qmp, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(qmp->error, sizeof(qmp->error), fmt, ap);
	va_end(ap);
	return err;
}

/* Wait until @fd is ready for @events, or the deadline passes. */
static int wait_fd(struct ctlab_qmp *qmp, short events, long long deadline)
{
	struct pollfd pfd = { .fd = qmp->fd, .events = events };
	int n;

	do
		n = poll(&pfd, 1, ms_left(deadline));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail(qmp, -errno, "poll: %s", strerror(errno));
	if (n == 0)
		return fail(qmp, -ETIMEDOUT, "no answer from QEMU in time");
	return 0;
}

/* Take one complete line out of the buffer, if there is one. */
static char *take_line(struct ctlab_qmp *qmp, size_t *line_len)
{
	char *nl = qmp->len ? memchr(qmp->buf, '\n', qmp->len) : NULL;
	size_t n, used;
	char *line;

	if (!nl)
		return NULL;
	n = (size_t)(nl - qmp->buf);
	used = n + 1;
	line = malloc(n + 1);
	if (!line)
		return NULL;
	memcpy(line, qmp->buf, n);
	line[n] = '\0';
	/* QEMU ends its lines with "\r\n". */
	if (n && line[n - 1] == '\r')
		line[--n] = '\0';
	qmp->len -= used;
	memmove(qmp->buf, qmp->buf + used, qmp->len);
	*line_len = n;
	return line;
}

/* Read more bytes into the buffer. */
static int fill(struct ctlab_qmp *qmp, long long deadline)
{
	ssize_t n;
	int err;

	if (qmp->len == qmp->cap) {
		size_t cap = qmp->cap ? 2 * qmp->cap : 4096;
		char *buf;

		if (cap > QMP_MAX_LINE)
			return fail(qmp, -EPROTO,
				    "the peer sent over %d bytes without a newline: not QMP",
				    QMP_MAX_LINE);
		buf = realloc(qmp->buf, cap);
		if (!buf)
			return fail(qmp, -ENOMEM, "out of memory");
		qmp->buf = buf;
		qmp->cap = cap;
	}
	err = wait_fd(qmp, POLLIN, deadline);
	if (err)
		return err;
	n = read(qmp->fd, qmp->buf + qmp->len, qmp->cap - qmp->len);
	if (n < 0)
		return fail(qmp, -errno, "read: %s", strerror(errno));
	if (n == 0)
		return fail(qmp, -ECONNRESET, "QEMU closed the QMP connection");
	qmp->len += (size_t)n;
	return 0;
}

/* The next JSON object from the peer, whatever it is. */
static int read_message(struct ctlab_qmp *qmp, long long deadline,
			json_t **msg)
{
	json_error_t jerr;
	size_t n;
	char *line;
	int err;

	for (;;) {
		line = take_line(qmp, &n);
		if (line && n == 0) {
			free(line);
			continue;
		}
		if (line)
			break;
		err = fill(qmp, deadline);
		if (err)
			return err;
	}
	/*
	 * QEMU sends unsigned 64-bit numbers (-1 as 18446744073709551615 for
	 * "unknown"), which jansson's signed integers cannot hold: it would
	 * reject the whole message.  So every number becomes a double.
	 */
	*msg = json_loadb(line, n, JSON_DECODE_INT_AS_REAL, &jerr);
	if (!*msg || !json_is_object(*msg)) {
		fail(qmp, -EPROTO, "the peer sent %s, not a QMP message: \"%.40s\"",
		     *msg ? "JSON that is not an object" : "something not JSON",
		     line);
		json_decref(*msg);
		free(line);
		return -EPROTO;
	}
	free(line);
	return 0;
}

static void queue_event(struct ctlab_qmp *qmp, json_t *event)
{
	if (json_array_size(qmp->events) >= QMP_MAX_EVENTS)
		json_array_remove(qmp->events, 0);
	json_array_append_new(qmp->events, event);
}

/* Read until the reply to command @id, queueing events on the way. */
static int read_reply(struct ctlab_qmp *qmp, json_int_t id,
		      long long deadline, json_t **reply)
{
	json_t *msg, *msg_id;
	int err;

	for (;;) {
		err = read_message(qmp, deadline, &msg);
		if (err)
			return err;
		if (json_object_get(msg, "event")) {
			queue_event(qmp, msg);
			continue;
		}
		msg_id = json_object_get(msg, "id");
		if ((json_object_get(msg, "return") ||
		     json_object_get(msg, "error")) &&
		    json_number_value(msg_id) == (double)id) {
			*reply = msg;
			return 0;
		}
		json_decref(msg);
		return fail(qmp, -EPROTO,
			    "the peer sent a message that is neither the reply nor an event");
	}
}

static int send_all(struct ctlab_qmp *qmp, const char *data, size_t len,
		    long long deadline)
{
	ssize_t n;
	int err;

	while (len) {
		err = wait_fd(qmp, POLLOUT, deadline);
		if (err)
			return err;
		/* MSG_NOSIGNAL: a QEMU that exited is an error, not SIGPIPE. */
		n = send(qmp->fd, data, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE)
			return fail(qmp, -ECONNRESET, "QEMU closed the QMP connection");
		if (n < 0)
			return fail(qmp, -errno, "send: %s", strerror(errno));
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Turn an {"error": {"class": ..., "desc": ...}} reply into -EIO. */
static int reply_error(struct ctlab_qmp *qmp, json_t *error)
{
	const char *cls = json_string_value(json_object_get(error, "class"));
	const char *desc = json_string_value(json_object_get(error, "desc"));

	return fail(qmp, -EIO, "%s: %s", cls ? cls : "error",
		    desc ? desc : "(no description)");
}

int ctlab_qmp_execute(struct ctlab_qmp *qmp, const char *cmd, json_t *args,
		      json_t **result, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	json_int_t id = qmp->next_id++;
	json_t *request, *reply = NULL, *error;
	char *text;
	size_t len;
	int err;

	request = json_pack("{s:s, s:I}", "execute", cmd, "id", id);
	if (!request)
		return fail(qmp, -ENOMEM, "out of memory");
	if (args)
		json_object_set(request, "arguments", args);
	text = json_dumps(request, JSON_COMPACT);
	json_decref(request);
	if (!text)
		return fail(qmp, -ENOMEM, "out of memory");
	/* Explaining: no QEMU answers, and no result comes. */
	if (!act("qmp", "%s", text)) {
		free(text);
		if (result)
			*result = NULL;
		return 0;
	}
	/* The line's '\0' becomes its '\n'. */
	len = strlen(text);
	text[len] = '\n';
	err = send_all(qmp, text, len + 1, deadline);
	free(text);
	if (err)
		return err;

	err = read_reply(qmp, id, deadline, &reply);
	if (err)
		return err;
	error = json_object_get(reply, "error");
	if (error)
		err = reply_error(qmp, error);
	else if (result)
		*result = json_incref(json_object_get(reply, "return"));
	json_decref(reply);
	return err;
}

int ctlab_qmp_event(struct ctlab_qmp *qmp, json_t **event, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	json_t *msg;
	int err;

	if (json_array_size(qmp->events)) {
		*event = json_incref(json_array_get(qmp->events, 0));
		json_array_remove(qmp->events, 0);
		return 0;
	}
	err = read_message(qmp, deadline, &msg);
	if (err)
		return err;
	if (!json_object_get(msg, "event")) {
		json_decref(msg);
		return fail(qmp, -EPROTO, "the peer sent a reply nobody asked for");
	}
	*event = msg;
	return 0;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int ctlab_qmp_connect(const char *path, int timeout_ms, struct ctlab_qmp **out)
{
	long long deadline = now_ms() + timeout_ms;
	struct ctlab_qmp *qmp;
	json_t *greeting;
	int err;

	*out = NULL;
	qmp = calloc(1, sizeof(*qmp));
	if (!qmp)
		return -ENOMEM;
	qmp->next_id = 1;
	qmp->events = json_array();
	qmp->fd = -1;
	if (!act("syscall", "socket(AF_UNIX), connect(\"%s\"); read QEMU's greeting",
		 path)) {
		*out = qmp;
		return ctlab_qmp_execute(qmp, "qmp_capabilities", NULL, NULL,
					 timeout_ms);
	}
	qmp->fd = connect_unix(path);
	if (qmp->fd < 0 || !qmp->events) {
		err = qmp->fd < 0 ? qmp->fd : -ENOMEM;
		goto out_free;
	}

	/* The greeting: {"QMP": {"version": ..., "capabilities": [...]}} */
	err = read_message(qmp, deadline, &greeting);
	if (err)
		goto out_free;
	if (!json_is_object(json_object_get(greeting, "QMP")))
		err = -EPROTO;
	json_decref(greeting);
	if (err)
		goto out_free;

	err = ctlab_qmp_execute(qmp, "qmp_capabilities", NULL, NULL,
				ms_left(deadline));
	if (err)
		goto out_free;
	*out = qmp;
	return 0;

out_free:
	ctlab_qmp_close(qmp);
	return err;
}

void ctlab_qmp_close(struct ctlab_qmp *qmp)
{
	if (!qmp)
		return;
	if (qmp->fd >= 0)
		close(qmp->fd);
	json_decref(qmp->events);
	free(qmp->buf);
	free(qmp);
}

const char *ctlab_qmp_error(const struct ctlab_qmp *qmp)
{
	return qmp->error[0] ? qmp->error : "no error";
}
