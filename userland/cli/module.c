// SPDX-License-Identifier: GPL-2.0
/*
 * module.c: "ctlab module load|unload|status", the kernel module's life.
 *
 * By default `load` takes the module built for the running kernel in
 * this checkout (build/module/RELEASE/ctlab.ko), which is what the lab VM
 * runs; a path names another.  Parameters follow as NAME=VALUE.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli.h"
#include "ctlab.h"

enum { OPT_JSON = CLI_KEY(200) };

static const struct cli_opt json_opts[] = { JSON_OPT, CLI_OPT_END };

/* Parses --json where @json is not NULL (and --help, always). */
static void parse_options(const struct cli_cmd *cmd, int argc, char **argv,
			  bool *json)
{
	while (cli_getopt(cmd, argc, argv) != -1)
		if (json)
			*json = true;
}

static int module_load(const struct cli_cmd *cmd, int argc, char **argv)
{
	char path[PATH_MAX], params[1024] = "";
	struct utsname u;
	int i, err;

	parse_options(cmd, argc, argv, NULL);
	uname(&u);
	snprintf(path, sizeof(path), "%s/%s/ctlab.ko", CTLAB_DEFAULT_MODULE_DIR,
		 u.release);
	for (i = optind; i < argc; i++) {
		if (!strchr(argv[i], '=')) {
			if (i != optind)
				usage(cmd, "'%s': the file comes first, then NAME=VALUE",
				      argv[i]);
			snprintf(path, sizeof(path), "%s", argv[i]);
			continue;
		}
		if (strlen(params) + strlen(argv[i]) + 2 > sizeof(params))
			usage(cmd, "too many parameters");
		strcat(params, *params ? " " : "");
		strcat(params, argv[i]);
	}
	err = ctlab_module_load(path, params);
	if (err == -EEXIST)
		die("ctlab.ko is loaded already (ctlab module status)");
	if (err == -ENOENT)
		die("%s: no such file (build it with: make module)", path);
	if (err == -EPERM || err == -EACCES)
		die("loading a module needs root");
	if (err == -ENOEXEC || err == -EINVAL)
		die_errno(err, "%s was not built for this kernel (%s), or a parameter is wrong",
			  path, u.release);
	if (err)
		die_errno(err, "%s", path);
	printf("ctlab.ko loaded from %s\n", path);
	return EXIT_SUCCESS;
}

static int module_unload(const struct cli_cmd *cmd, int argc, char **argv)
{
	int err;

	parse_options(cmd, argc, argv, NULL);
	if (optind != argc)
		usage(cmd, "no arguments expected");
	err = ctlab_module_unload();
	if (err == -EBUSY)
		die("ctlab.ko is in use: /dev/ctlab is open (ctlab top? a container's launcher?)");
	if (err == -ENOENT)
		die("ctlab.ko is not loaded");
	if (err == -EPERM)
		die("unloading a module needs root");
	if (err)
		die_errno(err, "unloading ctlab.ko");
	return EXIT_SUCCESS;
}

static int module_status(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_module_status st;
	bool json = false;
	int err;

	parse_options(cmd, argc, argv, &json);
	if (optind != argc)
		usage(cmd, "no arguments expected");
	err = ctlab_module_status(&st);
	if (err)
		die_errno(err, "asking the kernel about ctlab.ko");
	if (json) {
		json_t *j = json_pack("{s:b, s:i, s:b, s:i, s:i}", "loaded",
				      st.loaded, "users", st.users, "device",
				      st.device, "abi_major", st.abi_major,
				      "abi_minor", st.abi_minor);

		json_dumpf(j, stdout, JSON_COMPACT);
		printf("\n");
		json_decref(j);
	} else if (!st.loaded) {
		printf("ctlab.ko: not loaded (ctlab module load)\n");
	} else {
		printf("ctlab.ko: loaded, %d user%s, %s", st.users,
		       st.users == 1 ? "" : "s",
		       st.device ? CTLAB_DEVICE : "no " CTLAB_DEVICE);
		if (st.abi_major)
			printf(", ABI %u.%u", st.abi_major, st.abi_minor);
		printf("\n");
	}
	return st.loaded ? EXIT_SUCCESS : EXIT_FAILURE;
}

const struct cli_cmd cli_cmd_module_load = {
	.name = "module load", .operands = "[FILE.ko] [NAME=VALUE...]",
	.summary = "load ctlab.ko",
	.help = "Load ctlab.ko: by default the one built for the running kernel in\n"
		"this checkout.  Parameters: group=GID (members of GID may use\n"
		CTLAB_DEVICE "), sample_ms=MS (how often containers are measured).\n",
	.run = module_load,
};

const struct cli_cmd cli_cmd_module_unload = {
	.name = "module unload", .operands = "",
	.summary = "unload ctlab.ko",
	.help = "Unload ctlab.ko.  Refused while " CTLAB_DEVICE " is open.\n",
	.run = module_unload,
};

const struct cli_cmd cli_cmd_module_status = {
	.name = "module status", .operands = "",
	.summary = "is ctlab.ko loaded, in use, answering?",
	.help = "Say whether ctlab.ko is loaded, how many hold it, and its ABI.\n"
		"Exit status 0 if it is loaded, 1 if not.\n",
	.opts = json_opts, .run = module_status,
};

static int version(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_module_status st;
	bool json = false, loaded;

	parse_options(cmd, argc, argv, &json);
	if (optind != argc)
		usage(cmd, "no arguments expected");
	loaded = !ctlab_module_status(&st) && st.loaded;
	if (json) {
		json_t *j = json_pack("{s:s, s:{s:i, s:i}}", "version",
				      CTLAB_VERSION, "abi", "major",
				      CTLAB_ABI_MAJOR, "minor", CTLAB_ABI_MINOR);

		json_object_set_new(j, "module", !loaded ? json_null() :
			json_pack("{s:b, s:i, s:i}", "loaded", true,
				  "abi_major", (int)st.abi_major,
				  "abi_minor", (int)st.abi_minor));
		cli_print_json(j);
		return EXIT_SUCCESS;
	}
	printf("ctlab %s, ABI %u.%u\n", CTLAB_VERSION, CTLAB_ABI_MAJOR,
	       CTLAB_ABI_MINOR);
	if (!loaded)
		printf("ctlab.ko: not loaded\n");
	else if (st.abi_major)
		printf("ctlab.ko: ABI %u.%u\n", st.abi_major, st.abi_minor);
	else
		printf("ctlab.ko: loaded, not answering\n");
	return EXIT_SUCCESS;
}

const struct cli_cmd cli_cmd_version = {
	.name = "version", .operands = "",
	.summary = "ctlab's version and ABI, and the module's (also: --version)",
	.help = NULL, .opts = json_opts, .run = version,
};
