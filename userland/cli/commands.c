// SPDX-License-Identifier: GPL-2.0
/*
 * commands.c: the command table, every verb of ctlab once, in the order
 * `ctlab --help` and the man page list them.  Each verb's struct, with
 * its options, is in the file that implements it.
 */
#include <string.h>

#include "cli.h"

const struct cli_cmd *const cli_commands[] = {
	&cli_cmd_run, &cli_cmd_create, &cli_cmd_start, &cli_cmd_exec,
	&cli_cmd_stop, &cli_cmd_kill, &cli_cmd_rm, &cli_cmd_limit,
	&cli_cmd_ps, &cli_cmd_stats, &cli_cmd_logs, &cli_cmd_inspect,
	&cli_cmd_events,
	&cli_cmd_top,
	&cli_cmd_vm_start, &cli_cmd_vm_ls, &cli_cmd_vm_stats,
	&cli_cmd_vm_balloon, &cli_cmd_vm_console, &cli_cmd_vm_stop,
	&cli_cmd_vm_kill, &cli_cmd_vm_rm,
	&cli_cmd_module_load, &cli_cmd_module_unload, &cli_cmd_module_status,
	&cli_cmd_version, &cli_cmd_help,
};
const size_t cli_nr_commands = ARRAY_SIZE(cli_commands);

/* Does verb name @name ("vm start") match the words of @argv? */
static int words_match(const char *name, int argc, char **argv)
{
	int used = 0;

	while (*name) {
		size_t len = strcspn(name, " ");

		if (used >= argc || strlen(argv[used]) != len ||
		    strncmp(argv[used], name, len))
			return 0;
		used++;
		name += len;
		name += *name == ' ';
	}
	return used;
}

const struct cli_cmd *cli_find(int argc, char **argv, int *used)
{
	size_t i;

	/* podman's and docker's habit: ls for ps. */
	if (argc >= 1 && !strcmp(argv[0], "ls")) {
		cli_called_as = "ls";
		*used = 1;
		return &cli_cmd_ps;
	}
	for (i = 0; i < cli_nr_commands; i++) {
		*used = words_match(cli_commands[i]->name, argc, argv);
		if (*used)
			return cli_commands[i];
	}
	return NULL;
}
