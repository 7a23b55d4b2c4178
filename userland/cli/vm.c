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

/* A whole number from @min to @max, or a usage error. */
static unsigned int parse_uint(const struct cli_cmd *cmd, const char *what,
			       const char *s, unsigned int min,
			       unsigned int max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v < min || v > max)
		usage(cmd, "%s must be a number from %u to %u, not '%s'",
		      what, min, max, s);
	return (unsigned int)v;
}

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

/*
 * Verbs whose only option is --help: checks that @want arguments follow,
 * the first a valid guest name, and returns them (argv + optind).
 */
static char **only_help(const struct cli_cmd *cmd, int argc, char **argv,
			int want, const char *what)
{
	static const struct option opts[] = { HELP_OPTION, { 0 } };
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if (c == 'h')
			help(cmd);
		else
			usage(cmd, "unknown option");
	if (argc - optind != want)
		usage(cmd, "expected %s", what);
	if (ctlab_name_valid(argv[optind]))
		usage(cmd, "invalid name '%s': 1 to %d of A-Z a-z 0-9 _ . -, not starting with . or -",
		      argv[optind], CTLAB_NAME_LEN);
	return argv + optind;
}

/* The verbs that take just NAME. */
const char *cli_vm_name(const struct cli_cmd *cmd, int argc, char **argv)
{
	return only_help(cmd, argc, argv, 1, "one guest name")[0];
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

static int vm_start(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mem", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "image", required_argument, NULL, 'i' },
		{ "disk", no_argument, NULL, 'd' },
		{ "net", no_argument, NULL, 'n' },
		{ "nic", required_argument, NULL, 'N' },
		{ "accel", required_argument, NULL, 'a' },
		{ "tb-size", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "no-wait", no_argument, NULL, 'W' },
		{ "append", required_argument, NULL, 'A' },
		{ "timing", no_argument, NULL, 'M' },
		JSON_OPTION, HELP_OPTION, { 0 }
	};
	struct ctlab_vm_config cfg = {
		.mem = 256ULL << 20, .cpus = 1, .accel = CTLAB_ACCEL_AUTO,
	};
	unsigned int timeout = 120;
	bool wait = true, timing = false, json = false;
	struct ctlab_timing t;
	char why[512], dir[256];
	double boot_s;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			cfg.mem = cli_size(cmd, optarg);
			break;
		case 'c':
			cfg.cpus = parse_uint(cmd, "--cpus", optarg, 1,
					      CTLAB_VM_MAX_CPUS);
			break;
		case 'i':
			cfg.image = optarg;
			break;
		case 'd':
			cfg.disk = true;
			break;
		case 'n':
			cfg.net = true;
			break;
		case 'N':
			cfg.net = true;
			cfg.nic = parse_nic(cmd, optarg);
			break;
		case 't':
			cfg.tb_mib = parse_uint(cmd, "--tb-size", optarg, 1, 4096);
			break;
		case 'T':
			timeout = parse_uint(cmd, "--timeout", optarg, 1, 3600);
			break;
		case 'W':
			wait = false;
			break;
		case 'A':
			cfg.append = optarg;
			break;
		case 'a':
			cfg.accel = parse_accel(cmd, optarg);
			break;
		case 'M':
			timing = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			help(cmd);
		default:
			usage(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		usage(cmd, "expected one guest name");
	cfg.name = argv[optind];
	if (ctlab_name_valid(cfg.name))
		usage(cmd, "invalid name '%s': 1 to %d of A-Z a-z 0-9 _ . -, not starting with . or -",
		      cfg.name, CTLAB_NAME_LEN);
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
	char **args = only_help(cmd, argc, argv, 2, "a guest name and a size");
	uint64_t bytes = cli_size(cmd, args[1]);
	int err;

	err = ctlab_vm_balloon(args[0], bytes);
	if (err == -ERANGE)
		die("%s: the balloon can leave a guest from 16M up to its --mem",
		    args[0]);
	if (err)
		die_guest(args[0], err);
	return EXIT_SUCCESS;
}

static int vm_stop(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 'T' }, HELP_OPTION, { 0 }
	};
	unsigned int timeout = 30;
	bool was_dead;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			help(cmd);
		else if (c == 'T')
			timeout = parse_uint(cmd, "--timeout", optarg, 1, 3600);
		else
			usage(cmd, "unknown option");
	}
	if (argc - optind != 1 || ctlab_name_valid(argv[optind]))
		usage(cmd, "expected one valid guest name");
	err = ctlab_vm_stop(argv[optind], (int)timeout * 1000, &was_dead);
	if (err)
		die_guest(argv[optind], err);
	if (was_dead)
		printf("%s: was dead; cleaned up\n", argv[optind]);
	return EXIT_SUCCESS;
}

static int vm_kill(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = cli_vm_name(cmd, argc, argv);
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
	const char *name = cli_vm_name(cmd, argc, argv);
	int err = ctlab_vm_rm(name);

	if (err == -EBUSY)
		die("%s is running: 'ctlab vm stop %s' or 'ctlab vm kill %s' first",
		    name, name, name);
	if (err)
		die_guest(name, err);
	return EXIT_SUCCESS;
}

static const struct cli_cmd vm_cmds[] = {
	{ "vm start", "NAME [--mem SIZE] [--cpus N] [--image IMAGE] [--disk] [--net] [--nic virtio|e1000] [--accel auto|kvm|tcg] [--tb-size MIB] [--timeout SEC] [--no-wait] [--append ARGS] [--timing [--json]]",
	  "Start a QEMU guest and wait until it is ready (its init printed the\n"
	  "ready marker); print the boot time measured from the host.\n\n"
	  "  --mem SIZE       guest RAM (default 256M)\n"
	  "  --cpus N         virtual CPUs (default 1)\n"
	  "  --image IMAGE    image under $CTLAB_IMAGE_DIR (default guest)\n"
	  "  --disk           attach the image's ext4 disk as /mnt/disk (writes discarded)\n"
	  "  --net            a virtio NIC on QEMU's user-mode network (10.0.2.15)\n"
	  "  --nic NIC        --net with this NIC: virtio (default) or e1000, emulated\n"
	  "  --accel A        auto (KVM if a probe boot works, else TCG), kvm, tcg\n"
	  "  --tb-size MIB    TCG translation cache (default "
	  CLI_STR(CTLAB_VM_DEFAULT_TB_MIB) ")\n"
	  "  --timeout SEC    how long to wait for ready (default 120)\n"
	  "  --no-wait        return once QEMU runs\n"
	  "  --append ARGS    more kernel command line (ctlab.trace: time init's steps)\n"
	  "  --timing         print how long each phase of the boot took: QEMU's\n"
	  "                   start, firmware, kernel, /init\n"
	  "  --json           with --timing: as one JSON object\n\n"
	  "Its run directory is $CTLAB_RUN_DIR/NAME (default /run/ctlab/vm/NAME).\n",
	  vm_start },
	{ "vm ls", "[--json]",
	  "List guests: state, PID, memory, vCPUs, accelerator, boot time and\n"
	  "QEMU's resident memory.  A guest whose QEMU died shows as dead.\n",
	  cli_vm_ls },
	{ "vm stats", "NAME [--json] [--watch] [--interval SEC]",
	  "Show a guest's figures as QEMU, the guest kernel and the host see them.\n\n"
	  "  --json           one JSON object (one per line with --watch)\n"
	  "  --watch          repeat every --interval seconds (default 1), with CPU use\n",
	  cli_vm_stats },
	{ "vm balloon", "NAME SIZE",
	  "Set the guest's balloon target: the RAM it keeps (e.g. 128M).\n",
	  vm_balloon },
	{ "vm console", "NAME [--timeout SEC]",
	  "Attach to the guest's shell on its virtio console.  Leave with Ctrl-].\n"
	  "Without a terminal (a script, a grader): run standard input in the\n"
	  "guest as a shell script, print its output (standard error included,\n"
	  "no echo, no prompts) and exit with its status.\n\n"
	  "  --timeout SEC    the most a script may take (default 120); past it,\n"
	  "                   exit 1, leaving it running in the guest\n",
	  cli_vm_console },
	{ "vm stop", "NAME [--timeout SEC]",
	  "Press the guest's ACPI power button; if it has not powered off after\n"
	  "--timeout seconds (default 30), quit QEMU.  Removes the run directory.\n",
	  vm_stop },
	{ "vm kill", "NAME",
	  "Kill the guest's QEMU (SIGKILL) and remove its run directory.\n",
	  vm_kill },
	{ "vm rm", "NAME",
	  "Remove the run directory of a dead guest.\n",
	  vm_rm },
};

int cli_vm(int argc, char **argv)
{
	return cli_dispatch("vm", vm_cmds, ARRAY_SIZE(vm_cmds), argc - 1, argv + 1);
}
