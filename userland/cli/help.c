// SPDX-License-Identifier: GPL-2.0
/*
 * help.c: `ctlab help`: the verbs, one verb's help, the exit codes; and,
 * for the build (userland/Makefile), the man pages and the bash
 * completion, written from the command table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_MAN = CLI_KEY(1), OPT_COMPLETION };

static const struct cli_opt help_opts[] = {
	{ .name = "man", .key = OPT_MAN, .arg = "PAGE", .help = "print man page PAGE (ctlab.1, ctlab-top.1) as roff", .complete = COMPLETE_WORDS, .words = "ctlab.1 ctlab-top.1" },
	{ .name = "completion", .key = OPT_COMPLETION, .arg = NULL, .help = "print the bash completion script" },
	CLI_OPT_END,
};

static void exit_codes(void)
{
	size_t i;

	printf("ctlab's exit status, as podman's:\n\n");
	for (i = 0; i < cli_nr_exit_codes; i++)
		printf("  %-4s %s\n", cli_exit_codes[i].status,
		       cli_exit_codes[i].meaning);
}

static int help_verb(const struct cli_cmd *cmd, int argc, char **argv)
{
	const struct cli_cmd *verb;
	int c, used;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == OPT_COMPLETION) {
			cli_write_completion(stdout);
			return EXIT_SUCCESS;
		}
		if (cli_write_man(stdout, optarg))
			usage(cmd, "no man page '%s' (ctlab.1, ctlab-top.1)", optarg);
		return EXIT_SUCCESS;
	}
	if (optind == argc)
		return cli_list_verbs(stdout, NULL, EXIT_SUCCESS);
	if (argc - optind == 1 && !strcmp(argv[optind], "exit-codes")) {
		exit_codes();
		return EXIT_SUCCESS;
	}
	verb = cli_find(argc - optind, argv + optind, &used);
	if (!verb || used != argc - optind)
		usage(cmd, "no verb '%s' (ctlab help lists them)", argv[optind]);
	help(verb);
}

const struct cli_cmd cli_cmd_help = {
	.name = "help", .operands = "[VERB | exit-codes]",
	.summary = "the verbs, a verb's help, or what the exit codes mean",
	.opts = help_opts, .run = help_verb,
};
