/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h: what the ctlab command's files share.
 *
 * Every verb is one struct cli_cmd, listed once in commands.c: its name,
 * its operands, a line saying what it does, its help, and its options,
 * each declared once.  That one declaration feeds the verb's parser
 * (cli_getopt()), its --help, the man pages and the bash completion
 * (doc.c), so none of them can drift from the others.
 *
 * Only the command line prints.  Exit codes are podman's (exit.c holds
 * the table that `ctlab help exit-codes` and the man page print): 125
 * when ctlab itself fails (a usage error says "usage:"), 126 when a
 * command cannot be invoked, 127 when it is not found, and otherwise
 * the command's own status.
 */
#ifndef CTLAB_CLI_H
#define CTLAB_CLI_H

#include <getopt.h>	/* optarg, optind: cli_getopt() sets them */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* podman's: ctlab failed / cannot invoke the command / no such command. */
#define EXIT_CTLAB 125
#define EXIT_CANNOT_INVOKE 126
#define EXIT_NOT_FOUND 127

/* This ctlab's own version; the ABI it speaks is <linux/ctlab.h>'s. */
#define CTLAB_VERSION "0.6"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* A number macro's value as a string literal, for help texts. */
#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)

/* What completes an option's argument or a verb's operand. */
enum cli_complete {
	COMPLETE_NONE,
	COMPLETE_CT,		/* a container's name (ctlab ps -q) */
	COMPLETE_VM,		/* a guest's name (ctlab vm ls -q) */
	COMPLETE_ANY,		/* a container's or a guest's name */
	COMPLETE_FILE,
	COMPLETE_DIR,
	COMPLETE_WORDS,		/* the words of cli_opt.words */
};

/*
 * One option of a verb.  @key is its short letter, or a number above 255
 * (CLI_KEY(n)) for a long option alone.  @arg names its argument in
 * --help ("SIZE"), NULL for none; @optional_arg: --userns[=UID].  An
 * option with @help NULL is an alias of the one before it.
 */
struct cli_opt {
	const char *name;
	int key;
	const char *arg;
	const char *help;
	enum cli_complete complete;
	const char *words;	/* COMPLETE_WORDS: "oom kill-all" */
	/*
	 * ...or, when another table holds the words (top's --sort: the
	 * column table's keys), the function that lists them: completion,
	 * --help and the man page all print what it returns.
	 */
	const char *(*words_of)(void);
	bool optional_arg;
};
#define CLI_KEY(n) (256 + (n))
#define CLI_OPT_END { 0 }

/*
 * --timing [--json] (issue 19) on run, create, start and vm start: each
 * of those verbs' tables ends with them; cli/timing.c prints.  --json is
 * JSON_OPT's key, so a verb that has both has one.
 */
#define OPT_TIMING CLI_KEY(201)
#define OPT_TIMING_JSON CLI_KEY(200)
#define CLI_TIMING_OPTS \
	{ .name = "timing", .key = OPT_TIMING, .help = "print how long each step of the start took" }, \
	{ .name = "json", .key = OPT_TIMING_JSON, .help = "with --timing: as one JSON object" },

/* The options most verbs take; --help (-h) every verb takes. */
#define JSON_OPT { .name = "json", .key = CLI_KEY(200), .help = "print JSON, for scripts" }

struct cli_cmd {
	const char *name;	/* "run", "vm start" */
	const char *operands;	/* "NAME [--] [CMD...]" */
	const char *summary;	/* one line: the verb list, the man page */
	const char *help;	/* what it does, in paragraphs */
	const struct cli_opt *opts;	/* ends with CLI_OPT_END; may be NULL */
	enum cli_complete operand;	/* what its first operand is */
	bool options_first;	/* options end at the first operand (run, exec) */
	bool explains;		/* ctlab --explain takes it: it changes things */
	int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
};

/* commands.c: every verb, in the order help lists them. */
extern const struct cli_cmd *const cli_commands[];
extern const size_t cli_nr_commands;
/* The verb @words name ("vm", "start"), or NULL; *@used: words taken. */
const struct cli_cmd *cli_find(int argc, char **argv, int *used);

/* The verbs, one file each (or a few to a file). */
extern const struct cli_cmd cli_cmd_run, cli_cmd_create, cli_cmd_start,
	cli_cmd_stop, cli_cmd_kill, cli_cmd_rm, cli_cmd_exec, cli_cmd_limit,
	cli_cmd_ps, cli_cmd_stats, cli_cmd_logs, cli_cmd_inspect, cli_cmd_events,
	cli_cmd_version, cli_cmd_help, cli_cmd_top,
	cli_cmd_module_load, cli_cmd_module_unload, cli_cmd_module_status,
	cli_cmd_vm_start, cli_cmd_vm_ls, cli_cmd_vm_stats, cli_cmd_vm_balloon,
	cli_cmd_vm_console, cli_cmd_vm_stop, cli_cmd_vm_kill, cli_cmd_vm_rm;

/*
 * cli_getopt() - the next option of @cmd's in @argv, as its key, or -1
 * when they end (optind is the first operand).  --help prints the verb's
 * help and exits 0; an unknown option, or one missing its argument, is a
 * usage error.  Its argument is in optarg.
 */
int cli_getopt(const struct cli_cmd *cmd, int argc, char **argv);

/* Print "ctlab: MESSAGE" on stderr and exit 125 (ctlab failed). */
__attribute__((noreturn, format(printf, 1, 2)))
void die(const char *fmt, ...);

/* The same, followed by ": " and strerror of @err (-errno or errno). */
__attribute__((noreturn, format(printf, 2, 3)))
void die_errno(int err, const char *fmt, ...);

/* The same as die() with another exit status (126, 127...). */
__attribute__((noreturn, format(printf, 2, 3)))
void die_status(int status, const char *fmt, ...);

/* Print "ctlab NAME: MESSAGE" and the usage line on stderr, exit 125. */
__attribute__((noreturn, format(printf, 2, 3)))
void usage(const struct cli_cmd *cmd, const char *fmt, ...);

/* Print the verb's usage and help on stdout and exit 0. */
__attribute__((noreturn))
void help(const struct cli_cmd *cmd);

/* The name the user called the verb by (ls for ps): help and usage say it. */
extern const char *cli_called_as;

/* @s as a size ("64M"), or a usage error. */
uint64_t cli_size(const struct cli_cmd *cmd, const char *s);

/* A memory limit or barrier: 0 (none) or from CTLAB_MIN_LIMIT up. */
uint64_t cli_limit(const struct cli_cmd *cmd, const char *what,
		   const char *s);
/*
 * The smallest memory limit ctlab accepts.  Below it a container's init
 * cannot even be set up: its kernel stack, page tables, the pages of
 * busybox it runs and the overlay's pages are charged to it first.
 */
#define CTLAB_MIN_LIMIT (4ULL << 20)

/* A number of CPUs ("0.5", "2") in thousandths of one, or a usage error. */
uint32_t cli_cpus(const struct cli_cmd *cmd, const char *s);

/* A whole number from @min to @max, or a usage error naming @what. */
unsigned int cli_uint(const struct cli_cmd *cmd, const char *what,
		      const char *s, unsigned int min, unsigned int max);

/* @name if it is a valid container or guest name, or a usage error. */
const char *cli_name(const struct cli_cmd *cmd, const char *name);

/* The one NAME operand of a verb that takes only that (and options). */
const char *cli_one_name(const struct cli_cmd *cmd, int argc, char **argv);

/* Print @j (a jansson json_t *) on one line, then free it. */
void cli_print_json(void *j);

/* ct.c: the message for a failed verb on container @name. */
__attribute__((noreturn))
void cli_die_ct(const char *name, int err);

/* ps.c: open /dev/ctlab, or say what to do and exit. */
int cli_open_device(void);

/* timing.c: print where a start's time went (--timing [--json]). */
struct ctlab_timing;
void cli_timing_print(const char *name, const struct ctlab_timing *t,
		      bool json);

/* tty.c: join the caller's terminal to a container's pty until it ends; */
void cli_tty_relay(int master);
/* or, exec without -t, pipes in its place (-1: not a terminal). */
void cli_pipe_relay(int in, int out, int err);

/* vm_script.c: run stdin as a script in guest @name; its exit status. */
int vm_run_script(int fd, const char *name, int timeout_ms);

/* explain.c: ctlab --explain VERB...: run @cmd, describing, not doing. */
int cli_explain(const struct cli_cmd *cmd, int argc, char **argv);
/* The verbs --explain takes, as "run, create, ..." (help, man page). */
const char *cli_explained_verbs(void);
/* What --explain does (help, man page), and its usage on @out. */
extern const char cli_explain_text[];
int cli_explain_usage(FILE *out, int status);
/* Before VERB --help prints: under --explain, stdout back as it was. */
void cli_explain_help(void);

/* exit.c: `ctlab help exit-codes`, and the man page's EXIT STATUS. */
struct cli_exit_code {
	const char *status;
	const char *meaning;
};
extern const struct cli_exit_code cli_exit_codes[];
extern const size_t cli_nr_exit_codes;

/* main.c: "usage: ctlab [GROUP] VERB", the verbs, where to learn more. */
int cli_list_verbs(FILE *out, const char *group, int status);

/* doc.c: --help and the verb list, from the command table... */
void cli_write_usage(FILE *f, const struct cli_cmd *cmd);
void cli_write_verbs(FILE *f, const char *group);
/* ...and the man page @page (ctlab.1, ctlab-top.1), the bash completion. */
int cli_write_man(FILE *f, const char *page);
void cli_write_completion(FILE *f);
/* complete.c: the words option @o takes ("" for none). */
const char *cli_opt_words(const struct cli_opt *o);

#endif
