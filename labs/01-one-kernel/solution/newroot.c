// SPDX-License-Identifier: GPL-2.0
/*
 * newroot.c: a root of the container's own (lab 01).
 *
 * A new mount namespace starts as a copy of its parent's mounts: the
 * container still sees the host's whole tree until it changes its root.
 * Nothing here needs undoing: the namespace, and every mount in it, goes
 * away with the container's last process.
 */
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "minict.h"

void enter_root(const char *root)
{
	/* TODO 3/2: on most hosts / is a shared mount, and mounts made in
	 * the copy would appear on the host too.  Make every mount in this
	 * namespace private: mount(2) with MS_REC | MS_PRIVATE, on "/". */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die_errno("making the mounts private");
	/* TODO 3/2: pivot_root(2) wants the new root to be a mount point:
	 * bind-mount root onto itself (MS_BIND | MS_REC). */
	if (mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_errno("bind-mounting %s", root);
	/* TODO 3/6: change to root and pivot_root(".", "."): the old root
	 * ends up stacked on top of the new one.  Detach it (umount2 with
	 * MNT_DETACH) and change to the new "/".  (glibc has no wrapper for
	 * pivot_root: syscall(SYS_pivot_root, ...).) */
	if (chdir(root) < 0)
		die_errno("chdir %s", root);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die_errno("pivot_root");
	if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		die_errno("detaching the old root");
	/* TODO 3/2: mount a proc file system on /proc.  Mounted from inside
	 * the new PID namespace, it shows that namespace's processes. */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die_errno("mounting /proc");
	/* SKEL: (void)root; */
}
