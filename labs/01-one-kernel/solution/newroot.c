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
	/* TODO 3/4: change to root and mount a proc file system on its
	 * proc ("proc", relative).  Mounted from inside the new PID
	 * namespace, it shows that namespace's processes.  Mount it before
	 * pivot_root, while the host's /proc is still in view: in a user
	 * namespace (the grader runs minict in one, as rootless podman runs
	 * its containers) the kernel refuses a new proc when no full one is
	 * visible. */
	if (chdir(root) < 0)
		die_errno("chdir %s", root);
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die_errno("mounting /proc");
	/* TODO 3/4: pivot_root(".", "."): the old root ends up stacked on
	 * top of the new one.  Detach it (umount2 with MNT_DETACH) and
	 * change to the new "/".  (glibc has no wrapper for pivot_root:
	 * syscall(SYS_pivot_root, ...).) */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die_errno("pivot_root");
	if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		die_errno("detaching the old root");
	/* SKEL: (void)root; */
}
