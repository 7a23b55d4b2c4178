// SPDX-License-Identifier: GPL-2.0
/*
 * ready.c: starting a container or a guest, up to "ready", with libctlab
 * (../../../userland/lib/ctlab.h), the same library `ctlab run` and
 * `ctlab vm start` use.
 *
 * "Ready" must mean the same thing on both sides: the workload is
 * running.  A container is ready when its command runs: its first task
 * has its namespaces and root, has become the container's init, and has
 * exec'd the command.  A guest is ready when its init has run: QEMU
 * started, the guest's kernel booted, and the guest's /init printed its
 * ready marker on the serial console.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "startup.h"

/* A guest that has not booted in 2 minutes is not going to. */
#define READY_TIMEOUT_MS 120000

/* $CTLAB_TEMPLATE, or the checkout's build/images/template. */
static const char *template_dir(void)
{
	const char *t = getenv("CTLAB_TEMPLATE");

	return t && *t ? t : TEMPLATE_DIR;
}

/*
 * ctlab_ct_run() returns once the command runs: the launcher learns it
 * from a close-on-exec pipe, which a successful execve() closes.  So its
 * return is the container's "ready".  Detached: the container's output
 * goes to its run directory's output.log, not to ours.
 */
int ct_start(const char *name, char *const argv[], pid_t *init)
{
	struct ctlab_run_config cfg = {
		.name = name,
		.template = template_dir(),
		.argv = argv,
		.detach = true,
	};
	struct ctlab_launched ct;
	char why[160] = "";
	int err;

	err = ctlab_ct_run(&cfg, &ct, why, sizeof(why));
	if (err) {
		fprintf(stderr, "startup: %s: %s\n", name, why);
		return err;
	}
	*init = ct.pid;
	return 0;
}

/* Kill everything in it, forget it, and reap its init (our child). */
void ct_remove(const char *name, pid_t init)
{
	ctlab_ct_remove(name);
	if (init > 0)
		waitpid(init, NULL, 0);
}

/*
 * Guests run under TCG, QEMU's emulator, even where KVM works: the lab VM
 * that runs the containers is emulated too (the grader's always is), so
 * both sides pay for emulation once.
 */
int vm_start(const char *name, unsigned int mem_mib)
{
	struct ctlab_vm_config cfg = {
		.name = name,
		.mem = (uint64_t)mem_mib * MIB,
		.cpus = 1,
		.accel = CTLAB_ACCEL_TCG,
	};
	char why[256] = "";
	double boot_s;
	int err;

	err = ctlab_vm_start(&cfg, why, sizeof(why));
	if (err) {
		fprintf(stderr, "startup: %s: %s\n", name, why);
		return err;
	}
	/* TODO 3/5: ctlab_vm_start() returns as soon as QEMU answers on its
	 * control socket: the guest has only begun to boot.  Wait until it
	 * is ready (ctlab_vm_wait_ready(), READY_TIMEOUT_MS); if it never
	 * is, remove it and return the error.
	 */
	err = ctlab_vm_wait_ready(name, READY_TIMEOUT_MS, &boot_s);
	if (err) {
		vm_remove(name);
		return err;
	}
	/* SKEL: (void)boot_s; */
	return 0;
}

void vm_remove(const char *name)
{
	ctlab_vm_kill(name, NULL);
}

/* Seen from the host: the RSS of the QEMU process, as ps would show it. */
int64_t vm_rss(const char *name)
{
	struct ctlab_vm_stats st;
	int err;

	err = ctlab_vm_stats(name, &st);
	if (err)
		return err;
	return st.alive ? (int64_t)st.rss : -ESRCH;
}
