// SPDX-License-Identifier: GPL-2.0
/*
 * pty.c: a container's own terminal (ctlab run -t).
 *
 * A container run in the foreground could simply inherit the caller's
 * terminal, but then it would hold the host's: it could push keystrokes
 * into it (TIOCSTI) and keep it after it ends.  So, as docker and crun
 * do, the container's first task makes a pseudo-terminal in its own
 * /dev/pts (after the root is built, so the pty is /dev/pts/0 of the
 * container's devpts instance, not one of the host's), makes the
 * terminal end its controlling terminal and stdio, and sends the master
 * end to the launcher over a UNIX socket (SCM_RIGHTS, the way one process
 * hands an open file to another).  The caller then copies between its
 * terminal and the master (cli/tty.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "launch.h"

/* One byte of data carrying one open file: what SCM_RIGHTS needs. */
struct fd_message {
	struct msghdr msg;
	struct iovec iov;
	char byte;
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
};

static void fd_message_init(struct fd_message *m)
{
	memset(m, 0, sizeof(*m));
	m->iov.iov_base = &m->byte;
	m->iov.iov_len = 1;
	m->msg.msg_iov = &m->iov;
	m->msg.msg_iovlen = 1;
	m->msg.msg_control = m->control.buf;
	m->msg.msg_controllen = sizeof(m->control.buf);
}

/* Sends @fd over the UNIX socket @sock. */
static int send_fd(int sock, int fd)
{
	struct fd_message m;
	struct cmsghdr *cmsg;

	fd_message_init(&m);
	cmsg = CMSG_FIRSTHDR(&m.msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &m.msg, 0) == 1 ? 0 : -errno;
}

int launch_receive_tty(int sock, int *master)
{
	struct fd_message m;
	struct cmsghdr *cmsg;

	fd_message_init(&m);
	if (recvmsg(sock, &m.msg, MSG_CMSG_CLOEXEC) != 1)
		return -EPROTO;
	cmsg = CMSG_FIRSTHDR(&m.msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -EPROTO;
	memcpy(master, CMSG_DATA(cmsg), sizeof(int));
	return 0;
}

void launch_take_tty(struct launch *l)
{
	char name[64];
	int master, tty;

	if (!act("syscall", "posix_openpt(), open its /dev/pts/N, setsid(), ioctl(TIOCSCTTY), dup2 to 0, 1, 2; sendmsg(master, SCM_RIGHTS) to the launcher"))
		return;
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) || unlockpt(master) ||
	    ptsname_r(master, name, sizeof(name)))
		launch_fail(l, errno, "making its terminal in /dev/pts");
	tty = open(name, O_RDWR | O_NOCTTY);
	if (tty < 0)
		launch_fail(l, errno, "opening %s", name);
	/* A new session, whose controlling terminal this becomes. */
	if (setsid() < 0 || ioctl(tty, TIOCSCTTY, 0) || dup2(tty, 0) < 0 ||
	    dup2(tty, 1) < 0 || dup2(tty, 2) < 0)
		launch_fail(l, errno, "taking its terminal");
	close(tty);
	if (send_fd(l->tty_sock, master))
		launch_fail(l, errno, "handing its terminal to the launcher");
	close(master);
	close(l->tty_sock);
}
