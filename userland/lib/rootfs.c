// SPDX-License-Identifier: GPL-2.0
/*
 * rootfs.c: the container's root, built by its first task in its own
 * mount namespace, the way crun or lxc build one:
 *
 *   /           an overlay: the template read-only below, a private
 *               upper directory on top, so the template stays pristine
 *               and every container shares its pages in the page cache
 *   /proc       of the new PID namespace: it sees its own processes only
 *   /sys        read-only
 *   /dev        a tmpfs with null, zero, full, random, urandom, tty, a
 *               private devpts and /dev/shm
 *   /tmp        a tmpfs
 *   pivot_root  the host's tree is detached: nothing above / remains
 *
 * Every mount happens in the container's mount namespace, made private
 * first, so none of them shows on the host, and all of them go away with
 * the namespace when the container's last task exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "launch.h"

static const char *const devices[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};

/* mount(2)'s flags, for --explain. */
static const char *mount_flags(unsigned long flags)
{
	static const struct act_flag names[] = {
		ACT_FLAG(MS_RDONLY), ACT_FLAG(MS_NOSUID), ACT_FLAG(MS_NODEV),
		ACT_FLAG(MS_NOEXEC), ACT_FLAG(MS_BIND), ACT_FLAG(MS_REC),
		ACT_FLAG(MS_PRIVATE),
	};
	static char text[96];

	return act_flags(flags, names, sizeof(names) / sizeof(names[0]), text,
			 sizeof(text));
}

/* mount(2), or fail naming @what. */
static void mount_or_fail(struct launch *l, const char *src, const char *dst,
			  const char *type, unsigned long flags,
			  const char *data, const char *what)
{
	if (act("syscall", "mount(%s%s%s, \"%s\", %s, %s, %s): %s",
		src ? "\"" : "", src ? src : "NULL", src ? "\"" : "", dst,
		type ? type : "NULL",
		mount_flags(flags), data ? data : "NULL", what) &&
	    mount(src, dst, type, flags, data))
		launch_fail(l, errno, "mounting %s", what);
}

static void under_root(struct launch *l, const char *rel, char *buf,
		       size_t len)
{
	snprintf(buf, len, "%s/%s", l->root, rel);
}

/* A tmpfs /dev with a few device nodes bound from the host's. */
static void make_dev(struct launch *l)
{
	char dev[PATH_MAX], node[PATH_MAX + 16], host[32];
	unsigned int i;
	int fd;

	under_root(l, "dev", dev, sizeof(dev));
	mount_or_fail(l, "tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
		      "mode=755,size=64k", "/dev");
	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		/* A bind mount needs a file to cover. */
		snprintf(node, sizeof(node), "%s/%s", dev, devices[i]);
		snprintf(host, sizeof(host), "/dev/%s", devices[i]);
		if (act("syscall", "open(\"%s\", O_CREAT): a file to bind over",
			node)) {
			fd = open(node, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
			if (fd < 0)
				launch_fail(l, errno, "creating /dev/%s",
					    devices[i]);
			close(fd);
		}
		mount_or_fail(l, host, node, NULL, MS_BIND, NULL, host);
	}
	snprintf(node, sizeof(node), "%s/pts", dev);
	if (act("syscall", "mkdir(\"%s\", 0755)", node))
		mkdir(node, 0755);
	/* newinstance: the container's ptys are not the host's. */
	mount_or_fail(l, "devpts", node, "devpts", MS_NOSUID | MS_NOEXEC,
		      "newinstance,ptmxmode=0666,mode=620", "/dev/pts");
	snprintf(node, sizeof(node), "%s/ptmx", dev);
	if (act("syscall", "symlink(\"pts/ptmx\", \"%s\")", node) &&
	    symlink("pts/ptmx", node))
		launch_fail(l, errno, "linking /dev/ptmx");
	snprintf(node, sizeof(node), "%s/shm", dev);
	if (act("syscall", "mkdir(\"%s\", 01777)", node))
		mkdir(node, 01777);
	mount_or_fail(l, "shm", node, "tmpfs", MS_NOSUID | MS_NODEV,
		      "mode=1777", "/dev/shm");
}

void launch_make_root(struct launch *l)
{
	char opts[3 * LAUNCH_PATH_MAX + 64], path[PATH_MAX];

	/* Nothing mounted from here on may leak back to the host. */
	mount_or_fail(l, NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL,
		      "/ as private");
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s",
		 l->cfg->template, l->upper, l->work);
	mount_or_fail(l, "overlay", l->root, "overlay", 0, opts,
		      "the overlay root");
	under_root(l, "proc", path, sizeof(path));
	mount_or_fail(l, "proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		      NULL, "/proc");
	under_root(l, "sys", path, sizeof(path));
	mount_or_fail(l, "sysfs", path, "sysfs",
		      MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, "/sys");
	make_dev(l);
	under_root(l, "tmp", path, sizeof(path));
	mount_or_fail(l, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV,
		      "mode=1777", "/tmp");
	ctlab_timing_mark(l->timing, "root built: overlay, /proc, /sys, /dev, /tmp");

	under_root(l, ".oldroot", path, sizeof(path));
	if (!act("syscall", "mkdir(\"%s\", 0700); pivot_root(\"%s\", \"%s\"); chdir(\"/\"); umount2(\"/.oldroot\", MNT_DETACH); rmdir(\"/.oldroot\")",
		 path, l->root, path))
		return;
	mkdir(path, 0700);
	if (syscall(SYS_pivot_root, l->root, path))
		launch_fail(l, errno, "pivot_root");
	if (chdir("/") || umount2("/.oldroot", MNT_DETACH) || rmdir("/.oldroot"))
		launch_fail(l, errno, "detaching the host's root");
	ctlab_timing_mark(l->timing, "pivot_root, host's root detached");
}
