// SPDX-License-Identifier: GPL-2.0
/*
 * qemu.c: a guest's QEMU command line, and starting QEMU detached.
 *
 * The command line is an argv array handed to execvp(), never a string
 * for a shell: a guest's name cannot inject anything.  Paths inside QEMU's
 * own comma-separated options (path=..., file=...) still need care, since
 * QEMU reads ",," as a literal comma; quote_commas() does that.
 *
 * The guest is small on purpose (see vm-images/guest-kernel.config):
 *   -nodefaults          no VGA, no NIC, no floppy: only what we add
 *   -M microvm           no PCI bus to scan, no PIT, PIC or HPET, and
 *                        a hardware-reduced ACPI whose few tables name
 *                        the virtio-mmio devices and the power button
 *                        "vm stop" presses; -M pc (PIIX, PCI, a full
 *                        ACPI) only for what needs a PCI bus, the
 *                        emulated e1000 (see machine_of())
 *   -kernel vmlinux      the uncompressed kernel, booted through PVH
 *   -serial file         the boot log and the ready marker, in the run dir
 *   virtconsole          a shell, on console.sock, for "vm console"
 *   virtio-balloon       ballooning and the guest's memory statistics
 *   -accel tcg,tb-size   a small translation cache: a boot translates
 *                        30 MiB of code, and a busy guest's QEMU under
 *                        its default of 1 GiB keeps all it ever
 *                        translated (CTLAB_VM_DEFAULT_TB_MIB)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

struct argv {
	char **v;
	size_t n, cap;
	int err;
};

__attribute__((format(printf, 2, 3)))
static void arg(struct argv *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (a->err)
		return;
	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 64;
		char **v = realloc(a->v, cap * sizeof(*v));

		if (!v) {
			a->err = -ENOMEM;
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		a->err = -ENOMEM;
	else
		a->v[a->n++] = s;
	va_end(ap);
	a->v[a->n] = NULL;
}

/* QEMU option values end at a comma; a literal comma is written ",,". */
static char *quote_commas(const char *in)
{
	size_t n = strlen(in), i, j;
	char *out = malloc(2 * n + 1);

	if (!out)
		return NULL;
	for (i = j = 0; i < n; i++) {
		out[j++] = in[i];
		if (in[i] == ',')
			out[j++] = ',';
	}
	out[j] = '\0';
	return out;
}

/* arg(), with @path's commas quoted. */
static void arg_path(struct argv *a, const char *prefix, const char *path,
		     const char *suffix)
{
	char *q = quote_commas(path);

	if (!q) {
		a->err = -ENOMEM;
		return;
	}
	arg(a, "%s%s%s", prefix, q, suffix);
	free(q);
}

/* arg() with the path of @file in the guest's image directory. */
static void arg_image(struct argv *a, const struct ctlab_vm_config *cfg,
		      const char *prefix, const char *file)
{
	char path[4096];

	if (!a->err)
		a->err = vm_image_path(cfg->image, file, path, sizeof(path));
	if (!a->err)
		arg_path(a, prefix, path, "");
}

/*
 * The machine a guest gets.  microvm boots in about half the time of pc
 * under TCG (no PCI scan, no interrupt routing through ACPI's AML), but
 * has no PCI bus, and no timer a kernel could calibrate its TSC against:
 * under TCG its kernel is told the TSC's rate (tsc.c).  The e1000 is a
 * PCI card: a guest with one gets pc, as does one whose host's TSC rate
 * cannot be measured, unless microvm was asked for.
 */
struct machine {
	bool pc;
	unsigned long tsc_khz;	/* for the kernel under TCG on microvm */
};

static int machine_of(const struct ctlab_vm_config *cfg,
		      enum ctlab_accel accel, struct machine *m)
{
	int err;

	m->tsc_khz = 0;
	m->pc = cfg->machine == CTLAB_MACHINE_PC ||
		(cfg->net && cfg->nic == CTLAB_NIC_E1000);
	if (m->pc || accel != CTLAB_ACCEL_TCG)
		return 0;
	err = vm_host_tsc_khz(&m->tsc_khz);
	if (err && cfg->machine == CTLAB_MACHINE_AUTO)
		m->pc = true;
	return m->pc ? 0 : err;
}

/* A virtio device on the machine's bus: TYPE-pci or TYPE-device. */
static void add_virtio(struct argv *a, const struct machine *m,
		       const char *type, const char *options)
{
	arg(a, "-device");
	arg(a, "%s-%s%s", type, m->pc ? "pci" : "device", options);
}

static void add_image(struct argv *a, const struct ctlab_vm_config *cfg,
		      const struct machine *m, const char *cmdline)
{
	char tsc[64] = "";

	/*
	 * tsc=reliable: microvm has no HPET or PM timer, so when a busy host
	 * delays a vCPU the clocksource watchdog finds the TSC "unstable"
	 * and falls back to jiffies, whose 4 ms steps make every figure a
	 * lab measures in the guest 0 or 4 ms.  Under TCG the guest's TSC
	 * is the host's clock: it is reliable.
	 */
	if (m->tsc_khz)
		snprintf(tsc, sizeof(tsc), " tsc_early_khz=%lu tsc=reliable",
			 m->tsc_khz);
	arg(a, "-kernel");
	arg_image(a, cfg, "", "vmlinux");
	arg(a, "-initrd");
	arg_image(a, cfg, "", "initramfs.cpio");
	arg(a, "-append");
	/*
	 * pci=noacpi (pc): PCI interrupts routed by the BIOS's table, not
	 * by ACPI's interrupt links, whose AML costs 0.2 s per device
	 * under TCG.  no_timer_check (pc): the boot's test of the IO-APIC's
	 * timer, which a busy host fails and the kernel panics on, is
	 * skipped, as the lab VM's is (vm-images/labvm).  pci=off
	 * (microvm): no bus to look for, and no error on the console for
	 * not finding one; with no PIC, microvm has no such test.
	 */
	arg(a, "%s%s%s%s%s", cmdline,
	    m->pc ? " pci=noacpi no_timer_check" : " pci=off", tsc,
	    cfg->append ? " " : "", cfg->append ? cfg->append : "");
	if (cfg->disk) {
		/* snapshot=on: the guest may write, the image stays as is. */
		arg(a, "-drive");
		arg_image(a, cfg, "if=none,id=disk0,format=raw,snapshot=on,file=",
			  "disk.ext4");
		add_virtio(a, m, "virtio-blk", ",drive=disk0");
	}
}

/*
 * vm_qemu_argv() - the QEMU command line for @cfg with accelerator @accel.
 * With @run_dir NULL it is the KVM probe's: serial console on stdout,
 * nothing else attached.
 */
int vm_qemu_argv(const struct ctlab_vm_config *cfg, enum ctlab_accel accel,
		 const char *run_dir, char ***out)
{
	/*
	 * quiet: each line through the emulated UART costs time.
	 * panic=-1: a panicking guest reboots, which -no-reboot turns into
	 * QEMU exiting: a crashed guest shows up as dead.
	 */
	static const char cmdline[] =
		"console=ttyS0 quiet panic=-1 8250.nr_uarts=1";
	const char *qemu = getenv("CTLAB_QEMU");
	struct argv a = { 0 };
	struct machine m;
	char path[4096];

	a.err = machine_of(cfg, accel, &m);

	arg(&a, "%s", qemu && *qemu ? qemu : "qemu-system-x86_64");
	arg(&a, "-nodefaults");
	arg(&a, "-no-user-config");
	arg(&a, "-M");
	/* microvm: its legacy PIT and PIC unused by a hardware-reduced
	 * ACPI kernel, so not emulated either. */
	arg(&a, "%s", m.pc ? "pc" : "microvm,pit=off,pic=off");
	arg(&a, "-display");
	arg(&a, "none");
	arg(&a, "-no-reboot");
	/* Thread names in ps and top: "ctlab-g1", "CPU 0/TCG". */
	arg(&a, "-name");
	arg(&a, "%s,process=ctlab-%s,debug-threads=on", cfg->name, cfg->name);
	arg(&a, "-accel");
	if (accel == CTLAB_ACCEL_KVM) {
		arg(&a, "kvm");
		arg(&a, "-cpu");
		arg(&a, "host");
	} else {
		arg(&a, "tcg,tb-size=%u",
		    cfg->tb_mib ? cfg->tb_mib : CTLAB_VM_DEFAULT_TB_MIB);
	}
	arg(&a, "-m");
	arg(&a, "%lluM", (unsigned long long)(cfg->mem >> 20));
	arg(&a, "-smp");
	arg(&a, "%u", cfg->cpus);

	if (!run_dir) {
		arg(&a, "-serial");
		arg(&a, "stdio");
		/* ctlab.probe: the guest prints its marker, powers off. */
		add_image(&a, cfg, &m, "console=ttyS0 quiet panic=-1 ctlab.probe");
		goto out;
	}
	add_image(&a, cfg, &m, cmdline);

	snprintf(path, sizeof(path), "%s/serial.log", run_dir);
	arg(&a, "-chardev");
	arg_path(&a, "file,id=serial0,path=", path, "");
	arg(&a, "-serial");
	arg(&a, "chardev:serial0");

	snprintf(path, sizeof(path), "%s/console.sock", run_dir);
	arg(&a, "-chardev");
	arg_path(&a, "socket,id=console0,server=on,wait=off,path=", path, "");
	/* One port, not 31: fewer virtqueues for the guest to set up. */
	add_virtio(&a, &m, "virtio-serial", ",max_ports=1");
	arg(&a, "-device");
	arg(&a, "virtconsole,chardev=console0");

	snprintf(path, sizeof(path), "%s/qmp.sock", run_dir);
	arg(&a, "-chardev");
	arg_path(&a, "socket,id=qmp0,server=on,wait=off,path=", path, "");
	arg(&a, "-mon");
	arg(&a, "chardev=qmp0,mode=control");

	add_virtio(&a, &m, "virtio-balloon", ",id=balloon0");
	if (cfg->net) {
		/* User-mode networking: no host setup, no root needed. */
		arg(&a, "-netdev");
		arg(&a, "user,id=net0");
		if (cfg->nic == CTLAB_NIC_E1000) {
			arg(&a, "-device");
			arg(&a, "e1000,netdev=net0");
		} else {
			add_virtio(&a, &m, "virtio-net", ",netdev=net0");
		}
	}
out:
	if (a.err) {
		ctlab_strv_free(a.v);
		return a.err;
	}
	*out = a.v;
	return 0;
}

/* In the grandchild: become QEMU, or report why not on @report. */
static void __attribute__((noreturn))
exec_qemu(char *const argv[], const char *log, int report)
{
	pid_t self = getpid();
	sigset_t all;
	int fd, err;

	(void)!write(report, &self, sizeof(self));
	/* The caller's blocked signals must not stay blocked in QEMU. */
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		dup2(fd, STDIN_FILENO);
	if (log) {
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
	}
	execvp(argv[0], argv);
	err = errno;
	(void)!write(report, &err, sizeof(err));
	_exit(127);
}

/*
 * vm_spawn() - start QEMU so that it belongs to no one: the caller forks a
 * child that starts a new session and forks QEMU, then exits at once.
 * QEMU is reparented to init, is never a zombie of the caller, and
 * receives no signal from the caller's terminal.  A pipe closed on exec
 * reports QEMU's PID, and errno if the exec failed.
 */
int vm_spawn(char *const argv[], const char *log, pid_t *pid)
{
	int report[2], status, err = 0;
	char line[2048];
	size_t i, len = 0;
	pid_t child;
	ssize_t n;

	for (i = 0; argv[i] && len < sizeof(line); i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
					i ? " " : "", argv[i]);
	if (!act("exec", "fork(), setsid(), fork(), execvp(): %s (stdout and stderr to %s)",
		 line, log ? log : "the caller's")) {
		*pid = 0;
		return 0;
	}
	if (pipe2(report, O_CLOEXEC) < 0)
		return -errno;
	child = fork();
	if (child < 0) {
		err = -errno;
		close(report[0]);
		close(report[1]);
		return err;
	}
	if (child == 0) {
		close(report[0]);
		setsid();
		child = fork();
		if (child == 0)
			exec_qemu(argv, log, report[1]);
		_exit(child < 0 ? 1 : 0);
	}
	close(report[1]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	n = read(report[0], pid, sizeof(*pid));
	if (n != sizeof(*pid))
		err = -ECHILD;
	else if (read(report[0], &err, sizeof(err)) == sizeof(err))
		err = -err;	/* exec failed */
	close(report[0]);
	return err;
}
