// SPDX-License-Identifier: GPL-2.0
/*
 * vm.c: the "ctlab vm" verbs that change a guest: start, balloon, stop,
 * kill, rm.  The ones that show a guest are in vm_show.c, the console is
 * in vm_console.c.  Each verb parses its arguments, calls libctlab, and
 * turns the -errno it gets into a message a student can act on.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ctlab.h"

static enum ctlab_accel parse_accel(const struct cli_cmd *cmd, const char *s)
{
	if (!strcmp(s, "auto"))
		return CTLAB_ACCEL_AUTO;
	if (!strcmp(s, "kvm"))
		return CTLAB_ACCEL_KVM;
	if (!strcmp(s, "tcg"))
		return CTLAB_ACCEL_TCG;
	usage(cmd, "--accel takes auto, kvm or tcg, not '%s'", s);
}

static enum ctlab_vm_nic parse_nic(const struct cli_cmd *cmd, const char *s)
{
	if (!strcmp(s, "virtio"))
		return CTLAB_NIC_VIRTIO;
	if (!strcmp(s, "e1000"))
		return CTLAB_NIC_E1000;
	usage(cmd, "--nic takes virtio or e1000, not '%s'", s);
}

static enum ctlab_vm_machine parse_machine(const struct cli_cmd *cmd,
					   const char *s)
{
	if (!strcmp(s, "auto"))
		return CTLAB_MACHINE_AUTO;
	if (!strcmp(s, "microvm"))
		return CTLAB_MACHINE_MICROVM;
	if (!strcmp(s, "pc"))
		return CTLAB_MACHINE_PC;
	usage(cmd, "--machine takes auto, microvm or pc, not '%s'", s);
}

/* The message for a libctlab failure concerning guest @name. */
static void __attribute__((noreturn)) die_guest(const char *name, int err)
{
	if (err == -ENOENT)
		die("no guest named %s", name);
	if (err == -ESRCH)
		die("%s is dead (its QEMU is gone); 'ctlab vm rm %s' cleans up",
		    name, name);
	die_errno(err, "%s", name);
}

enum {
	OPT_MEM = CLI_KEY(1), OPT_CPUS, OPT_IMAGE, OPT_DISK, OPT_NET, OPT_NIC,
	OPT_ACCEL, OPT_MACHINE, OPT_TB_SIZE, OPT_TIMEOUT, OPT_NO_WAIT, OPT_APPEND,
};

static const struct cli_opt start_opts[] = {
	{ .name = "mem", .key = OPT_MEM, .arg = "SIZE", .help = "guest RAM, whole MiB from 32M to 64G (default 256M)" },
	{ .name = "cpus", .key = OPT_CPUS, .arg = "N", .help = "virtual CPUs (default 1)" },
	{ .name = "image", .key = OPT_IMAGE, .arg = "IMAGE", .help = "image under $CTLAB_IMAGE_DIR (default guest)" },
	{ .name = "disk", .key = OPT_DISK, .arg = NULL, .help = "attach the image's ext4 disk as /mnt/disk (writes\ndiscarded)" },
	{ .name = "net", .key = OPT_NET, .arg = NULL, .help = "a virtio NIC on QEMU's user-mode network (10.0.2.15)" },
	{ .name = "nic", .key = OPT_NIC, .arg = "NIC", .help = "--net with this NIC: virtio (default) or e1000,\nemulated", .complete = COMPLETE_WORDS, .words = "virtio e1000" },
	{ .name = "accel", .key = OPT_ACCEL, .arg = "A", .help = "auto (KVM if a probe boot works, else TCG), kvm, tcg", .complete = COMPLETE_WORDS, .words = "auto kvm tcg" },
	{ .name = "machine", .key = OPT_MACHINE, .arg = "M", .help = "auto (microvm; pc for an e1000), microvm, pc", .complete = COMPLETE_WORDS, .words = "auto microvm pc" },
	{ .name = "tb-size", .key = OPT_TB_SIZE, .arg = "MIB", .help = "TCG translation cache (default " CLI_STR(CTLAB_VM_DEFAULT_TB_MIB) ")" },
	{ .name = "timeout", .key = OPT_TIMEOUT, .arg = "SEC", .help = "how long to wait for ready (default 120)" },
	{ .name = "no-wait", .key = OPT_NO_WAIT, .arg = NULL, .help = "return once QEMU runs" },
	{ .name = "append", .key = OPT_APPEND, .arg = "ARGS", .help = "more kernel command line (ctlab.trace: time init's\nsteps)" },
	CLI_TIMING_OPTS
	CLI_OPT_END,
};

static int vm_start(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct ctlab_vm_config cfg = {
		.mem = 256ULL << 20, .cpus = 1, .accel = CTLAB_ACCEL_AUTO,
	};
	unsigned int timeout = 120;
	bool wait = true, timing = false, json = false;
	struct ctlab_timing t;
	char why[512], dir[256];
	double boot_s;
	int c, err;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		switch (c) {
		case OPT_MEM:
			cfg.mem = cli_size(cmd, optarg);
			break;
		case OPT_CPUS:
			cfg.cpus = cli_uint(cmd, "--cpus", optarg, 1,
					    CTLAB_VM_MAX_CPUS);
			break;
		case OPT_IMAGE:
			cfg.image = optarg;
			break;
		case OPT_DISK:
			cfg.disk = true;
			break;
		case OPT_NET:
			cfg.net = true;
			break;
		case OPT_NIC:
			cfg.net = true;
			cfg.nic = parse_nic(cmd, optarg);
			break;
		case OPT_MACHINE:
			cfg.machine = parse_machine(cmd, optarg);
			break;
		case OPT_TB_SIZE:
			cfg.tb_mib = cli_uint(cmd, "--tb-size", optarg, 1, 4096);
			break;
		case OPT_TIMEOUT:
			timeout = cli_uint(cmd, "--timeout", optarg, 1, 3600);
			break;
		case OPT_NO_WAIT:
			wait = false;
			break;
		case OPT_APPEND:
			cfg.append = optarg;
			break;
		case OPT_ACCEL:
			cfg.accel = parse_accel(cmd, optarg);
			break;
		case OPT_TIMING:
			timing = true;
			break;
		case OPT_TIMING_JSON:
			json = true;
			break;
		}
	}
	if (argc - optind != 1)
		usage(cmd, "expected one guest name");
	cfg.name = cli_name(cmd, argv[optind]);
	if (cfg.image && ctlab_name_valid(cfg.image))
		usage(cmd, "invalid image name '%s'", cfg.image);
	if (cfg.mem < (32ULL << 20) || cfg.mem > (64ULL << 30) ||
	    cfg.mem % (1 << 20))
		usage(cmd, "--mem must be whole MiB from 32M to 64G");
	if (json && !timing)
		usage(cmd, "--json goes with --timing");
	if (timing && !wait)
		usage(cmd, "--timing needs the wait: drop --no-wait");

	err = ctlab_vm_start(&cfg, why, sizeof(why));
	if (err)
		die("cannot start %s: %s", cfg.name, why[0] ? why : strerror(-err));
	if (!wait) {
		printf("%s: started\n", cfg.name);
		return EXIT_SUCCESS;
	}
	err = ctlab_vm_wait_ready(cfg.name, (int)timeout * 1000, &boot_s);
	ctlab_vm_run_dir(cfg.name, dir, sizeof(dir));
	if (err == -ECHILD)
		die("%s: QEMU exited before the guest was ready; its console is in %s/serial.log ('ctlab vm rm %s' cleans up)",
		    cfg.name, dir, cfg.name);
	if (err == -ETIMEDOUT)
		die("%s: not ready after %u s; it is still running, its console is in %s/serial.log",
		    cfg.name, timeout, dir);
	if (err)
		die_errno(err, "%s: waiting for the guest", cfg.name);
	if (!json)
		printf("%s: ready in %.2f s\n", cfg.name, boot_s);
	if (timing) {
		err = ctlab_vm_timing(cfg.name, &t);
		if (err)
			die_errno(err, "%s: reading its boot's phases", cfg.name);
		cli_timing_print(cfg.name, &t, json);
	}
	return EXIT_SUCCESS;
}

static int vm_balloon(const struct cli_cmd *cmd, int argc, char **argv)
{
	char **args;
	uint64_t bytes;
	int err;

	if (cli_getopt(cmd, argc, argv) != -1 || argc - optind != 2)
		usage(cmd, "expected a guest name and a size");
	args = argv + optind;
	cli_name(cmd, args[0]);
	bytes = cli_size(cmd, args[1]);
	err = ctlab_vm_balloon(args[0], bytes);
	if (err == -ERANGE)
		die("%s: the balloon can leave a guest from 16M up to its --mem",
		    args[0]);
	if (err)
		die_guest(args[0], err);
	return EXIT_SUCCESS;
}

static const struct cli_opt stop_opts[] = {
	{ .name = "timeout", .key = OPT_TIMEOUT, .arg = "SEC", .help = "how long after the power button before QEMU is\ntold to quit (default 30)" },
	CLI_OPT_END,
};

static int vm_stop(const struct cli_cmd *cmd, int argc, char **argv)
{
	unsigned int timeout = 30;
	bool was_dead;
	int err;

	while (cli_getopt(cmd, argc, argv) != -1)
		timeout = cli_uint(cmd, "--timeout", optarg, 1, 3600);
	if (argc - optind != 1)
		usage(cmd, "expected one guest name");
	cli_name(cmd, argv[optind]);
	err = ctlab_vm_stop(argv[optind], (int)timeout * 1000, &was_dead);
	if (err)
		die_guest(argv[optind], err);
	if (was_dead)
		printf("%s: was dead; cleaned up\n", argv[optind]);
	return EXIT_SUCCESS;
}

static int vm_kill(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = cli_one_name(cmd, argc, argv);
	bool was_dead;
	int err;

	err = ctlab_vm_kill(name, &was_dead);
	if (err)
		die_guest(name, err);
	if (was_dead)
		printf("%s: was dead; cleaned up\n", name);
	return EXIT_SUCCESS;
}

static int vm_rm(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = cli_one_name(cmd, argc, argv);
	int err = ctlab_vm_rm(name);

	if (err == -EBUSY)
		die("%s is running: 'ctlab vm stop %s' or 'ctlab vm kill %s' first",
		    name, name, name);
	if (err)
		die_guest(name, err);
	return EXIT_SUCCESS;
}

const struct cli_cmd cli_cmd_vm_start = {
	.name = "vm start", .operands = "NAME",
	.summary = "start a QEMU guest",
	.help = "Start a QEMU guest and wait until it is ready (its init printed the\n"
		"ready marker); print the boot time measured from the host.  Its run\n"
		"directory is $CTLAB_RUN_DIR/NAME (default /run/ctlab/vm/NAME).\n",
	.explains = true,
	.opts = start_opts, .run = vm_start,
};

const struct cli_cmd cli_cmd_vm_balloon = {
	.name = "vm balloon", .operands = "NAME SIZE",
	.summary = "set a guest's balloon target",
	.help = "Set the guest's balloon target: the RAM it keeps (e.g. 128M).\n",
	.explains = true,
	.operand = COMPLETE_VM, .run = vm_balloon,
};

const struct cli_cmd cli_cmd_vm_stop = {
	.name = "vm stop", .operands = "NAME",
	.summary = "power a guest off",
	.help = "Press the guest's ACPI power button; if it has not powered off after\n"
		"--timeout seconds, quit QEMU.  Removes the run directory.\n",
	.explains = true,
	.opts = stop_opts, .operand = COMPLETE_VM, .run = vm_stop,
};

const struct cli_cmd cli_cmd_vm_kill = {
	.name = "vm kill", .operands = "NAME",
	.summary = "kill a guest's QEMU",
	.help = "Kill the guest's QEMU (SIGKILL) and remove its run directory.\n",
	.explains = true,
	.operand = COMPLETE_VM, .run = vm_kill,
};

const struct cli_cmd cli_cmd_vm_rm = {
	.name = "vm rm", .operands = "NAME",
	.summary = "remove a dead guest's run directory",
	.help = "Remove the run directory of a dead guest.\n",
	.explains = true,
	.operand = COMPLETE_VM, .run = vm_rm,
};
