/* SPDX-License-Identifier: GPL-2.0 */
/*
 * startup.h: the parts of startup, lab 05's measuring harness, and what
 * each file gives the others.  Provided: the grader uses its own copy.
 *
 *   startup.c   the command line, the clock, timing N starts
 *   ready.c     starting a container or a guest, up to "ready"
 *   stats.c     median and quartiles
 *   fit.c       how many fit in a memory budget
 *   budget.c    the budget's cgroup; waiting for a container's memhog
 */
#ifndef STARTUP_H
#define STARTUP_H

#include <stdint.h>
#include <sys/types.h>

#include "ctlab.h"

#define MAX_STARTS 50	/* startup time: N at most */
#define MAX_CT_FIT 32	/* startup fit ct: containers at once, at most */
#define MAX_VM_FIT 12	/* startup fit vm: guests at once, at most */
#define MIB (1ULL << 20)
#define TIME_VM_MIB 128	/* startup time vm: each guest's RAM */

enum kind { CT, VM };

__attribute__((noreturn, format(printf, 1, 2)))
void die(const char *fmt, ...);

/* startup.c */
double now(void);

/*
 * ready.c: start container or guest @name and return once it is ready,
 * 0 or -errno.  A container runs @argv (its init's PID is put in *@init,
 * to wait for); a guest gets @mem_mib MiB of RAM.  The *_remove()
 * functions end it and clean up, whatever state it is in.
 */
int ct_start(const char *name, char *const argv[], pid_t *init);
void ct_remove(const char *name, pid_t init);
int vm_start(const char *name, unsigned int mem_mib);
void vm_remove(const char *name);
/* The resident memory of guest @name's QEMU, in bytes, or -errno. */
int64_t vm_rss(const char *name);

/* stats.c */
struct summary {
	double median, q1, q3, iqr;
};
double quantile(const double *sorted, size_t n, double p);
void summarize(double *x, size_t n, struct summary *s);

/* fit.c: how many fit; *why says what stopped it. */
int fit_ct(unsigned int budget_mib, unsigned int each_mib, const char **why);
int fit_vm(unsigned int budget_mib, unsigned int each_mib, const char **why);

/* budget.c */
int budget_set(uint64_t bytes);
int64_t budget_failcnt(void);
int ct_wait_held(const char *name, unsigned int mib, int timeout_ms);

#endif /* STARTUP_H */
