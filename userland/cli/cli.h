/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h: what the ctlab command's files share.
 *
 * Only the command line prints.  Exit codes: 0 success, 1 failure (a
 * guest would not start, QEMU did not answer...), 2 usage (an unknown
 * option, a bad name or size): a script can tell "you called it wrong"
 * from "it did not work".
 */
#ifndef CTLAB_CLI_H
#define CTLAB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXIT_USAGE 2
/* This ctlab's own version; the ABI it speaks is <linux/ctlab.h>'s. */
#define CTLAB_VERSION "0.5"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* A number macro's value as a string literal, for help texts. */
#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)

/* One verb ("vm start"): its synopsis, its help and what runs it. */
struct cli_cmd {
	const char *name;
	const char *synopsis;
	const char *help;	/* what it does, then its options */
	int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
};

/* Print "ctlab: MESSAGE" on stderr and exit 1. */
__attribute__((noreturn, format(printf, 1, 2)))
void die(const char *fmt, ...);

/* The same, followed by ": " and strerror of @err (-errno or errno). */
__attribute__((noreturn, format(printf, 2, 3)))
void die_errno(int err, const char *fmt, ...);

/* Print "ctlab NAME: MESSAGE" and the synopsis on stderr, exit 2. */
__attribute__((noreturn, format(printf, 2, 3)))
void usage(const struct cli_cmd *cmd, const char *fmt, ...);

/* Print the verb's synopsis and help on stdout and exit 0. */
__attribute__((noreturn))
void help(const struct cli_cmd *cmd);

/* @s as a size ("64M"), or a usage error. */
uint64_t cli_size(const struct cli_cmd *cmd, const char *s);

/* A number of CPUs ("0.5", "2") in thousandths of one, or a usage error. */
uint32_t cli_cpus(const struct cli_cmd *cmd, const char *s);

/* @name if it is a valid container or guest name, or a usage error. */
const char *cli_name(const struct cli_cmd *cmd, const char *name);

/*
 * Run the verb of @cmds named by argv[0] with argv[0] as its own name,
 * or print the group's usage (exit 2).
 */
int cli_dispatch(const char *group, const struct cli_cmd *cmds, size_t n,
		 int argc, char **argv);

/* The verb groups, one file each; argv[0] is the group's name. */
int cli_module(int argc, char **argv);
int cli_version(int argc, char **argv);
int cli_ct(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_ps(int argc, char **argv);
int cli_stats(int argc, char **argv);
int cli_vm(int argc, char **argv);
int cli_top(int argc, char **argv);	/* in top/top.c */

/* The options every verb takes. */
#define HELP_OPTION { "help", no_argument, NULL, 'h' }
#define JSON_OPTION { "json", no_argument, NULL, 'j' }

/* ct.c: the NAME operand of a verb that takes only that... */
const char *cli_name_operand(const struct cli_cmd *cmd, int argc, char **argv);
/* ...and the message for a failed verb on container @name. */
__attribute__((noreturn))
void cli_die_ct(const char *name, int err);

/* timing.c: print where a start's time went (--timing [--json]). */
struct ctlab_timing;
void cli_timing_print(const char *name, const struct ctlab_timing *t,
		      bool json);
#define TIMING_OPTIONS \
	"  --timing           print how long each step of the start took\n" \
	"  --json             with --timing: as one JSON object\n"

/* tty.c: join the caller's terminal to a container's pty until it ends. */
void cli_tty_relay(int master);

/* vm_show.c and vm_console.c: the "vm" verbs that print or talk. */
int cli_vm_ls(const struct cli_cmd *cmd, int argc, char **argv);
int cli_vm_stats(const struct cli_cmd *cmd, int argc, char **argv);
int cli_vm_console(const struct cli_cmd *cmd, int argc, char **argv);
/*
 * vm_run_script() - run standard input as a script in guest @name, whose
 * console @fd is connected, printing its output; its exit status, or
 * die() if it did not finish in @timeout_ms.
 */
int vm_run_script(int fd, const char *name, int timeout_ms);

/* vm.c: the one NAME operand every "vm" verb except ls takes. */
const char *cli_vm_name(const struct cli_cmd *cmd, int argc, char **argv);

#endif
