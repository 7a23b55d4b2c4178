// SPDX-License-Identifier: GPL-2.0
/*
 * minict.c: a minimal container launcher (lab 01, "one kernel or many").
 *
 *   minict ROOT HOSTNAME COMMAND [ARG...]
 *
 * runs COMMAND as the first process of new PID, UTS, mount and IPC
 * namespaces, with HOSTNAME as its host name and the directory ROOT as
 * its /, waits for it, and exits as it did: with its exit status, or 128
 * plus the number of the signal that killed it.  125 means minict itself
 * failed, 127 that it could not run COMMAND.
 *
 * Namespaces change what a process can see, not what runs it: the
 * container's processes make their system calls to the same kernel as
 * every other process on the machine.  observations.txt is where you
 * write down what that means.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "minict.h"

/*
 * clone() runs the child on a stack we provide.  Stacks grow down on
 * x86-64, so clone() takes the stack's top end.  The child soon replaces
 * itself with the command, so a small stack is plenty.
 */
#define STACK_SIZE (256 * 1024)
static char child_stack[STACK_SIZE] __attribute__((aligned(16)));

void die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fputs("minict: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err));
	exit(125);
}

/* The container's first process: PID 1 of its new PID namespace. */
static int child(void *arg)
{
	const struct container *c = arg;

	/* TODO 2/2: give the container its host name: sethostname(2).
	 * Its own UTS namespace keeps the change from the host. */
	if (sethostname(c->hostname, strlen(c->hostname)) < 0)
		die_errno("sethostname %s", c->hostname);
	/* TODO 3/1: make c->root its root, with a /proc of its own (newroot.c). */
	enter_root(c->root);
	/* TODO 4/3: become the command: execvp(3).  If that fails, say why
	 * and exit 127, as a shell does for a command it cannot run. */
	execvp(c->argv[0], c->argv);
	fprintf(stderr, "minict: %s: %s\n", c->argv[0], strerror(errno));
	return 127;
	/* SKEL: (void)c; */
	/* SKEL: return 1; */
}

int main(int argc, char **argv)
{
	struct container c;
	int status;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: minict ROOT HOSTNAME COMMAND [ARG...]\n");
		return 2;
	}
	c.root = argv[1];
	c.hostname = argv[2];
	c.argv = argv + 3;

	/* TODO 1/3: start child() in new PID, UTS, mount and IPC namespaces:
	 * add their CLONE_NEW* flags.  (SIGCHLD: tell us when it ends.) */
	pid = clone(child, child_stack + STACK_SIZE,
		    CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWIPC |
		    SIGCHLD, &c);
	/* SKEL: pid = clone(child, child_stack + STACK_SIZE, SIGCHLD, &c); */
	if (pid < 0)
		die_errno("clone");

	/* TODO 5/5: wait for it, and exit as it did: its exit status, or
	 * 128 + the number of the signal that killed it, as a shell does. */
	if (waitpid(pid, &status, 0) < 0)
		die_errno("waitpid");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
	/* SKEL: (void)status; */
	/* SKEL: return 1; */
}
