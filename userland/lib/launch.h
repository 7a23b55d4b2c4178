/* SPDX-License-Identifier: GPL-2.0 */
/*
 * launch.h: what the launcher's files share (launch.c runs the steps,
 * rootfs.c builds the root, userns.c maps the ids, net.c wires the
 * network, pty.c makes the terminal).  Private to libctlab.
 *
 * The container's first task does most of its setting up itself, in the
 * new namespaces.  When a step fails it calls launch_fail(), which sends
 * the step's name and errno to the launcher through the report pipe and
 * ends the task: the launcher then says what failed and undoes the rest.
 */
#ifndef CTLAB_LAUNCH_H
#define CTLAB_LAUNCH_H

#include <limits.h>

#include "internal.h"

/* Run directories are short (/run/ctlab/ct/NAME): 1 KiB is ample. */
#define LAUNCH_PATH_MAX 1024

struct launch {
	const struct ctlab_run_config *cfg;
	bool wait_for_start;	/* ctlab_ct_create(): stop before ENTER */
	int dev;		/* /dev/ctlab */
	uint32_t id;
	int report;		/* the child's end of the report pipe */
	int go;			/* the child's end of the go-ahead pipe */
	int start_fifo;		/* run directory's start FIFO, or -1 */
	int tty_sock;		/* the child's end of the pty socket, or -1 */
	enum ctlab_launch_step step;	/* the step under way, for reports */
	struct ctlab_timing *timing;	/* shared with the child, or NULL */
	char root[LAUNCH_PATH_MAX], upper[LAUNCH_PATH_MAX],
	     work[LAUNCH_PATH_MAX], log[LAUNCH_PATH_MAX],
	     fifo[LAUNCH_PATH_MAX];
};

/* What the child reports: a failed step, or (err 0) "created". */
struct launch_report {
	int err;		/* -errno */
	enum ctlab_launch_step step;
	char what[96];		/* the step in words, for people */
};

/* Report a failed step (printf-style) to the launcher; end the child. */
__attribute__((noreturn, format(printf, 3, 4)))
CTLAB_HIDDEN void launch_fail(struct launch *l, int err, const char *fmt,
			      ...);

/* rootfs.c: build the container's root and pivot into it. */
CTLAB_HIDDEN void launch_make_root(struct launch *l);

/* userns.c: write the id maps of child @pid (launcher side)... */
CTLAB_HIDDEN int launch_map_ids(const struct ctlab_run_config *cfg,
				pid_t pid);
/* ...and become root of the new user namespace (child side). */
CTLAB_HIDDEN void launch_become_root(struct launch *l);
/* Give the overlay's upper and work directories to the mapped root. */
CTLAB_HIDDEN int launch_chown_run_dir(struct launch *l);

/* pty.c: a terminal in the container's /dev/pts (child side)... */
CTLAB_HIDDEN void launch_take_tty(struct launch *l);
/* ...and its master end, received by the launcher. */
CTLAB_HIDDEN int launch_receive_tty(int sock, int *master);

/* net.c: the host's end of the veth pair (launcher side)... */
CTLAB_HIDDEN int launch_net_host(uint32_t id, pid_t pid);
/* ...and the container's: lo, and eth0 with --net (child side). */
CTLAB_HIDDEN void launch_net_inside(struct launch *l);

#endif /* CTLAB_LAUNCH_H */
