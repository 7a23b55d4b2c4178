// SPDX-License-Identifier: GPL-2.0
/*
 * tests/bench/ct-baseline.c: the least a container launcher can do, as a
 * yardstick for `ctlab run` (tests/bench/containers): clone into the same
 * new namespaces, bring up lo, mount the same root (overlay on the
 * template, /proc, /sys, a /dev with the same nodes, /tmp), pivot_root
 * and exec, then wait.
 * No module, no cgroup, no run directory bookkeeping.
 *
 *   ct-baseline TEMPLATE SCRATCH CMD...
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

static char root[512], upper[512], work[512];
static const char *template;

static void must(int ok, const char *what)
{
	if (!ok) {
		perror(what);
		_exit(125);
	}
}

static void in_root(const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", root, rel);
}

/* Loopback up, as any launcher does in a new network namespace. */
static void lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	must(s >= 0 && !ioctl(s, SIOCGIFFLAGS, &ifr), "lo");
	ifr.ifr_flags |= IFF_UP;
	must(!ioctl(s, SIOCSIFFLAGS, &ifr), "lo up");
	close(s);
}

static int child(char **argv)
{
	static const char *const nodes[] = {
		"null", "zero", "full", "random", "urandom", "tty",
	};
	char opts[2048], p[600], host[32];
	unsigned int i;
	int fd;

	lo_up();
	must(!mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "private");
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s",
		 template, upper, work);
	must(!mount("overlay", root, "overlay", 0, opts), "overlay");
	in_root("proc", p, sizeof(p));
	must(!mount("proc", p, "proc", 0, NULL), "proc");
	in_root("sys", p, sizeof(p));
	must(!mount("sysfs", p, "sysfs", MS_RDONLY, NULL), "sys");
	in_root("dev", p, sizeof(p));
	must(!mount("tmpfs", p, "tmpfs", 0, "mode=755,size=64k"), "dev");
	for (i = 0; i < 6; i++) {
		in_root("dev/", p, sizeof(p));
		strcat(p, nodes[i]);
		snprintf(host, sizeof(host), "/dev/%s", nodes[i]);
		fd = open(p, O_CREAT | O_WRONLY, 0666);
		must(fd >= 0, p);
		close(fd);
		must(!mount(host, p, NULL, MS_BIND, NULL), host);
	}
	in_root("dev/pts", p, sizeof(p));
	mkdir(p, 0755);
	must(!mount("devpts", p, "devpts", 0, "newinstance,ptmxmode=0666"), "pts");
	in_root("dev/shm", p, sizeof(p));
	mkdir(p, 01777);
	must(!mount("shm", p, "tmpfs", 0, NULL), "shm");
	in_root("tmp", p, sizeof(p));
	must(!mount("tmpfs", p, "tmpfs", 0, NULL), "tmp");
	in_root(".oldroot", p, sizeof(p));
	mkdir(p, 0700);
	must(!syscall(SYS_pivot_root, root, p), "pivot_root");
	must(!chdir("/") && !umount2("/.oldroot", MNT_DETACH), "old root");
	execv(argv[0], argv);
	perror(argv[0]);
	return 127;
}

int main(int argc, char **argv)
{
	struct clone_args ca = {
		.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
			 CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP,
		.exit_signal = SIGCHLD,
	};
	int status;
	long pid;

	if (argc < 4) {
		fprintf(stderr, "usage: ct-baseline TEMPLATE SCRATCH CMD...\n");
		return 2;
	}
	template = argv[1];
	snprintf(root, sizeof(root), "%s/root", argv[2]);
	snprintf(upper, sizeof(upper), "%s/upper", argv[2]);
	snprintf(work, sizeof(work), "%s/work", argv[2]);
	mkdir(argv[2], 0755);
	mkdir(root, 0755);
	mkdir(upper, 0755);
	mkdir(work, 0755);
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(child(argv + 3));
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 125;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
