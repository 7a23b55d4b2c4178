/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h: helpers shared by libctlab's files, not part of its API.
 */
#ifndef CTLAB_INTERNAL_H
#define CTLAB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctlab.h"

#define CTLAB_HIDDEN __attribute__((visibility("hidden")))

/* What vm.json in a guest's run directory records. */
struct vm_record {
	pid_t pid;
	uint64_t start_time;	/* QEMU's, see ctlab_proc_start_time() */
	int64_t started_ns;	/* CLOCK_MONOTONIC just before QEMU started */
	int64_t exec_ns;	/* ...once QEMU was exec'd */
	int64_t qmp_ns;		/* ...once QEMU greeted on QMP (0: not yet) */
	uint64_t mem;
	unsigned int cpus;
	char accel[8];
	char image[CTLAB_NAME_MAX];
	bool disk, net;
};

/* act.c: ctlab_act() (ctlab.h), by the short name libctlab's files use. */
#define act ctlab_act
/* Who does what follows: "ctlab", "task" (the container's first)... */
CTLAB_HIDDEN void act_actor(const char *who);
/* A flag's name, for act()'s descriptions; act_flags() - "A|B" or "0". */
struct act_flag {
	uint64_t flag;
	const char *name;
};
#define ACT_FLAG(f) { f, #f }
CTLAB_HIDDEN const char *act_flags(uint64_t flags, const struct act_flag *names,
				   size_t n, char *buf, size_t len);

/* timing.c: CLOCK_MONOTONIC in nanoseconds... */
CTLAB_HIDDEN int64_t ctlab_now_ns(void);
/* ...a mark at a time of the caller's (NULL @t: none)... */
CTLAB_HIDDEN void timing_add(struct ctlab_timing *t, const char *phase,
			     int64_t at_ns, bool guest_clock);
/* ...and the marks in the order of their times. */
CTLAB_HIDDEN void timing_sort(struct ctlab_timing *t);

/* Where guests' run directories are: $CTLAB_RUN_DIR or the default. */
CTLAB_HIDDEN const char *vm_run_base(void);
/* PATH of FILE in guest NAME's run directory ("" for the directory). */
CTLAB_HIDDEN int vm_path(const char *name, const char *file, char *buf,
			 size_t len);

/* The directory holding image NAME, and the path of FILE in it. */
CTLAB_HIDDEN int vm_image_path(const char *image, const char *file,
			       char *buf, size_t len);

CTLAB_HIDDEN int vm_read_record(const char *name, struct vm_record *rec);
/* Write vm.json, atomically (rename). */
CTLAB_HIDDEN int vm_write_record(const char *name, const struct vm_record *rec);
/* Remove guest NAME's run directory and its files. */
CTLAB_HIDDEN int vm_remove_run_dir(const char *name);

/* Is the QEMU process of @rec still running (same PID, same start)? */
CTLAB_HIDDEN bool vm_alive(const struct vm_record *rec);

/* Connect to guest NAME's QMP socket. */
CTLAB_HIDDEN int vm_qmp(const char *name, int timeout_ms,
			struct ctlab_qmp **qmp);

/* The QEMU command line of a guest (NULL @run_dir: of the KVM probe). */
CTLAB_HIDDEN int vm_qemu_argv(const struct ctlab_vm_config *cfg,
			      enum ctlab_accel accel, const char *run_dir,
			      char ***argv);

/* The host's TSC rate, which a TCG guest's TSC runs at (tsc.c). */
CTLAB_HIDDEN int vm_host_tsc_khz(unsigned long *khz);

/* Start QEMU with @argv, detached; its stdout/stderr go to @log. */
CTLAB_HIDDEN int vm_spawn(char *const argv[], const char *log, pid_t *pid);

/* Drops what a container must not do from the bounding set. */
CTLAB_HIDDEN int ctlab_drop_capabilities(void);

/* Writes @text to the file at @path (a cgroup or /proc file). */
CTLAB_HIDDEN int ctlab_write_file(const char *path, const char *text);

/* SIGKILL to every task in container @name's cgroup; waits till empty. */
CTLAB_HIDDEN int ctlab_cgroup_kill(const char *name);
/* Moves the calling process into container @name's cgroup. */
CTLAB_HIDDEN int ctlab_cgroup_join(const char *name);

/* mkdir -p and rm -rf, for run directories. */
CTLAB_HIDDEN int ctlab_mkdir_p(const char *path);
CTLAB_HIDDEN int ctlab_rm_rf(const char *path);

#endif
