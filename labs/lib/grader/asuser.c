// SPDX-License-Identifier: GPL-2.0
/*
 * asuser.c: the graders of labs 06 and 07 run a student's program through
 * this where their own programs run beside it as root (in a guest, from
 * its disk; in a container, from its root):
 *
 *   asuser SECS UID PROG [ARG...]
 *
 * PROG runs as UID (group UID, no other group), with no_new_privs: it can
 * neither rewrite the grader's programs beside it nor signal the grader's
 * shell (labs/README.md, "Threat model").  It runs in a session of its
 * own, with no terminal: its standard input is /dev/null and it inherits
 * no descriptor but its output, so it cannot write the guest's console
 * (or push input into the root shell on it), where the grader reads.
 * asuser itself stays root meanwhile, out of PROG's reach.  When PROG
 * ends, or after SECS seconds, every process UID has is killed (kill(-1)
 * as UID): nothing PROG left behind runs while the grader's reference is
 * measured next.  Exits with PROG's status, 124 if its time was up.
 * Static, like the programs it starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Nothing to do: SIGALRM only has to interrupt waitpid(). */
static void ring(int sig)
{
	(void)sig;
}

/* UID for good: its group, no other, and no way back up (no_new_privs). */
static int become(uid_t id)
{
	return setgroups(0, NULL) || setresgid(id, id, id) ||
	       setresuid(id, id, id) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* In the child: PROG, as UID, alone in its session, reading /dev/null. */
static void start(uid_t id, char **argv)
{
	int fd;

	if (close_range(3, ~0U, 0))
		for (fd = 3; fd < 1024; fd++)
			close(fd);
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, 0) < 0 || (fd > 0 && close(fd)) ||
	    setsid() < 0 || become(id)) {
		perror("asuser");
		_exit(126);
	}
	execv(argv[0], argv);
	perror(argv[0]);
	_exit(127);
}

/*
 * Every process of UID killed: kill(-1) as UID, from a child that becomes
 * UID for that alone.  One of PROG's processes may kill or stop that
 * child first (it is theirs to signal): a stopped one is killed here, as
 * root, and either way it is tried again, with a new one.
 */
static void kill_all_of(uid_t id)
{
	int status, tries;
	pid_t k;

	for (tries = 0; tries < 100; tries++) {
		k = fork();
		if (k == 0) {
			if (become(id))
				_exit(1);
			kill(-1, SIGKILL);
			_exit(0);
		}
		if (k < 0 || waitpid(k, &status, WUNTRACED) < 0)
			return;
		if (WIFSTOPPED(status)) {
			kill(k, SIGKILL);
			waitpid(k, &status, 0);
		} else if (WIFEXITED(status)) {
			return;
		}
	}
}

static unsigned long number(const char *text)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(text, &end, 10);
	return errno || end == text || *end ? 0 : n;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = ring };
	unsigned long secs = argc > 3 ? number(argv[1]) : 0;
	unsigned long id = argc > 3 ? number(argv[2]) : 0;
	int status = 0, late = 0;
	pid_t child;

	/* UID 0: kill(-1) as root would end every process here. */
	if (argc < 4 || !secs || !id || id != (uid_t)id) {
		fprintf(stderr, "usage: asuser SECS UID PROG [ARG...] (SECS, UID > 0)\n");
		return 2;
	}
	child = fork();
	if (child < 0) {
		perror("asuser: fork");
		return 126;
	}
	if (child == 0)
		start((uid_t)id, argv + 3);
	/* No SA_RESTART: the alarm interrupts waitpid(). */
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned int)secs);
	if (waitpid(child, &status, 0) < 0)
		late = 1;
	alarm(0);
	kill_all_of((uid_t)id);
	if (late) {
		/* Root's kill: PROG is gone even if UID's could not be. */
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		return 124;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
