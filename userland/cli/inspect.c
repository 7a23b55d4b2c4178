// SPDX-License-Identifier: GPL-2.0
/*
 * inspect.c: `ctlab inspect NAME`: everything ctlab knows of a container
 * or a guest as one JSON document, versioned ("version": the fields'
 * version, CTLAB_JSON_VERSION), with its kind and its run directory
 * beside the figures that `ps --json` or `vm ls --json` give (the same
 * object, from lib/describe.c), and a container's "account" as `stats
 * --json` gives it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "ctlab.h"

static json_t *container(const char *name)
{
	struct ctlab_stats st;
	char dir[PATH_MAX], cgroup[PATH_MAX];
	json_t *j;
	int fd, err;

	if (ctlab_open(&fd))
		return NULL;
	err = ctlab_stats(fd, 0, name, &st);
	if (err) {
		close(fd);
		return NULL;
	}
	j = ctlab_ct_json(&st);
	err = ctlab_ct_json_add_account(j, fd, st.id);
	close(fd);
	if (err)
		die_errno(err, "%s: accounting", name);
	ctlab_ct_run_dir(name, dir, sizeof(dir));
	ctlab_cgroup_path(name, cgroup, sizeof(cgroup));
	json_object_set_new(j, "kind", json_string("container"));
	json_object_set_new(j, "run_dir", json_string(dir));
	json_object_set_new(j, "cgroup", json_string(cgroup));
	json_object_set_new(j, "namespaces", json_integer(st.namespaces));
	return j;
}

static json_t *guest(const char *name)
{
	struct ctlab_vm_stats st;
	char dir[PATH_MAX];
	json_t *j;

	if (ctlab_vm_stats(name, &st))
		return NULL;
	j = ctlab_vm_json(&st);
	ctlab_vm_run_dir(name, dir, sizeof(dir));
	json_object_set_new(j, "kind", json_string("guest"));
	json_object_set_new(j, "run_dir", json_string(dir));
	return j;
}

static int inspect(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = cli_one_name(cmd, argc, argv);
	json_t *j = container(name);

	if (!j)
		j = guest(name);
	if (!j)
		die("%s: no such container or guest (ctlab ps, ctlab vm ls)", name);
	json_object_set_new(j, "version", json_integer(CTLAB_JSON_VERSION));
	cli_print_json(j);
	return EXIT_SUCCESS;
}

const struct cli_cmd cli_cmd_inspect = {
	.name = "inspect", .operands = "NAME",
	.summary = "a container or a guest as one JSON document",
	.help = "Print container NAME (or else guest NAME) as one JSON object:\n"
		"\"version\" (of its fields), \"kind\" (container or guest), its run\n"
		"directory, and the fields ps --json or vm ls --json give.\n",
	.operand = COMPLETE_ANY, .run = inspect,
};
