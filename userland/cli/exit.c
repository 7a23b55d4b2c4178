// SPDX-License-Identifier: GPL-2.0
/*
 * exit.c: what ctlab's exit status means, podman's convention, in one
 * table: `ctlab help exit-codes` and the man page print it, and
 * userland/README.md has the same table (the cli suite checks they agree).
 *
 * A script can then tell "ctlab could not do it" (125) from "the command
 * could not be run" (126, 127) from "the command ran and said N".
 */
#include "cli.h"

const struct cli_exit_code cli_exit_codes[] = {
	{ "0", "success; run, exec and vm console: the command exited 0" },
	{ "1", "module status: not loaded; vm stats: the guest is dead" },
	{ "125", "ctlab itself failed: a usage error (it says usage:), no module, no such container or guest, a launch step that failed" },
	{ "126", "the command was found but cannot be invoked (not executable, a bad binary)" },
	{ "127", "the command was not found in the container" },
	{ "N", "run, exec, vm console: the command's own exit status; 128+S if a signal S killed it" },
};
const size_t cli_nr_exit_codes = ARRAY_SIZE(cli_exit_codes);
