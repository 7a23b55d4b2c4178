// SPDX-License-Identifier: GPL-2.0
/*
 * vm.c: QEMU guests' life cycle: start, wait for ready, stop, kill, rm.
 *
 * A guest is its run directory (ctlab.h, vm_dir.c) plus the QEMU process
 * that vm.json names.  Nothing else keeps state: any ctlab process can
 * find, query and stop any guest, and a guest whose QEMU died (killed,
 * crashed, or the guest powered itself off) is simply a directory
 * without a live process, "dead" until stop, kill or rm removes it.
 *
 * Waiting for a QEMU that is not our child uses a pidfd: poll() on it
 * returns when the process exits, with no PID-reuse race and no polling.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* How long QEMU may take to open its QMP socket (nested TCG is slow). */
#define QMP_START_TIMEOUT_MS 30000
#define QMP_TIMEOUT_MS 5000
/* Seconds between the guest's memory statistics reports. */
#define GUEST_STATS_INTERVAL 1
/* The longest path a UNIX socket can have: sun_path, less its NUL. */
#define SOCKET_PATH_MAX (sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

/* ---- start ----------------------------------------------------------- */

/* The last line QEMU wrote on stderr: why it would not start. */
static void qemu_complaint(const char *name, char *why, size_t len)
{
	char path[PATH_MAX], line[512] = "";
	FILE *f;

	if (vm_path(name, "qemu.log", path, sizeof(path)))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (*line != '\n')
			snprintf(why, len, "QEMU: %s", line);
	fclose(f);
	why[strcspn(why, "\n")] = '\0';
}

static int check_config(const struct ctlab_vm_config *cfg, char *why,
			size_t len)
{
	static const char *const files[] = { "vmlinux", "initramfs.cpio",
					     "disk.ext4" };
	char path[PATH_MAX];
	size_t i;

	if (ctlab_name_valid(cfg->name))
		return snprintf(why, len, "invalid name"), -EINVAL;
	if (cfg->image && ctlab_name_valid(cfg->image))
		return snprintf(why, len, "invalid image name"), -EINVAL;
	if (cfg->mem < (32ULL << 20) || cfg->mem > (64ULL << 30) ||
	    cfg->mem % (1 << 20))
		return snprintf(why, len,
				"memory must be whole MiB, from 32M to 64G"), -EINVAL;
	if (cfg->nic != CTLAB_NIC_VIRTIO && cfg->nic != CTLAB_NIC_E1000)
		return snprintf(why, len, "unknown NIC"), -EINVAL;
	if (cfg->machine == CTLAB_MACHINE_MICROVM && cfg->net &&
	    cfg->nic == CTLAB_NIC_E1000)
		return snprintf(why, len,
				"an e1000 is a PCI card: microvm has no PCI bus"), -EINVAL;
	if (cfg->cpus < 1 || cfg->cpus > CTLAB_VM_MAX_CPUS)
		return snprintf(why, len, "cpus must be 1 to %d",
				CTLAB_VM_MAX_CPUS), -EINVAL;
	for (i = 0; i < (cfg->disk ? 3 : 2); i++) {
		if (vm_image_path(cfg->image, files[i], path, sizeof(path)) ||
		    access(path, R_OK))
			return snprintf(why, len, "no %s: build it with 'make guest'",
					path), -ENOENT;
	}
	/* QEMU's sockets are in the run directory: say so now if their
	 * paths do not fit, rather than "no answer on QMP" later. */
	if (vm_path(cfg->name, "console.sock", path, sizeof(path)) ||
	    strlen(path) > SOCKET_PATH_MAX)
		return snprintf(why, len,
				"%s: too long for a socket (at most %zu bytes); set CTLAB_RUN_DIR to a shorter directory",
				path, SOCKET_PATH_MAX), -ENAMETOOLONG;
	return 0;
}

static int make_run_dir(const char *name)
{
	char path[PATH_MAX], *p;
	int err = vm_path(name, "", path, sizeof(path));

	if (err)
		return err;
	if (!act("syscall", "mkdir(2) the missing parents of \"%s\" (0755), then it (0700): EEXIST if the guest exists",
		 path))
		return access(path, F_OK) ? 0 : -EEXIST;
	/* The parents (mkdir -p), then the run directory itself. */
	for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	/* mkdir() is atomic: of two starts of one name, one gets EEXIST. */
	return mkdir(path, 0700) < 0 ? -errno : 0;
}

/*
 * Wait for QEMU's QMP socket, note when QEMU greeted (every 5 ms a try:
 * that is the greeting's resolution in `vm start --timing`), then
 * switch the balloon's statistics on.
 */
static int first_contact(const char *name, struct vm_record *rec)
{
	int64_t deadline = ctlab_now_ns() + QMP_START_TIMEOUT_MS * 1000000LL;
	struct ctlab_qmp *qmp;
	json_t *args;
	int err;

	for (;;) {
		err = vm_qmp(name, QMP_TIMEOUT_MS, &qmp);
		if (!err)
			break;
		if (!vm_alive(rec))
			return -ECHILD;
		if ((err != -ENOENT && err != -ECONNREFUSED) ||
		    ctlab_now_ns() > deadline)
			return err;
		usleep(5000);
	}
	rec->qmp_ns = ctlab_now_ns();
	args = json_pack("{s:s, s:s, s:i}",
			 "path", "/machine/peripheral/balloon0",
			 "property", "guest-stats-polling-interval",
			 "value", GUEST_STATS_INTERVAL);
	err = ctlab_qmp_execute(qmp, "qom-set", args, NULL, QMP_TIMEOUT_MS);
	json_decref(args);
	ctlab_qmp_close(qmp);
	return err;
}

int ctlab_vm_start(const struct ctlab_vm_config *cfg, char *why, size_t len)
{
	struct vm_record rec = { 0 };
	enum ctlab_accel accel;
	char dir[PATH_MAX], log[PATH_MAX], dummy[8];
	char **argv = NULL;
	int err;

	if (!why) {
		why = dummy;
		len = sizeof(dummy);
	}
	*why = '\0';
	err = check_config(cfg, why, len);
	if (err)
		return err;
	err = ctlab_accel_resolve(cfg->accel, &accel);
	if (err)
		return snprintf(why, len, "cannot choose an accelerator"), err;
	err = make_run_dir(cfg->name);
	if (err == -EEXIST)
		return snprintf(why, len, "a guest named %s exists", cfg->name), err;
	if (err)
		return snprintf(why, len, "cannot create its run directory under %s: %s",
				vm_run_base(), strerror(-err)), err;
	if (vm_path(cfg->name, "", dir, sizeof(dir)) ||
	    vm_path(cfg->name, "qemu.log", log, sizeof(log)))
		return -ENAMETOOLONG;
	err = vm_qemu_argv(cfg, accel, dir, &argv);
	if (err)
		goto err_remove;

	rec.started_ns = ctlab_now_ns();
	err = vm_spawn(argv, log, &rec.pid);
	rec.exec_ns = ctlab_now_ns();
	ctlab_strv_free(argv);
	if (err) {
		snprintf(why, len, "cannot run QEMU: %s", strerror(-err));
		goto err_remove;
	}
	/* (Explaining, no QEMU was started: there is nothing to read.) */
	if (!ctlab_explaining() &&
	    ctlab_proc_start_time(rec.pid, &rec.start_time)) {
		err = -ECHILD;
		goto err_complain;
	}
	rec.mem = cfg->mem;
	rec.cpus = cfg->cpus;
	snprintf(rec.accel, sizeof(rec.accel), "%s", ctlab_accel_name(accel));
	snprintf(rec.image, sizeof(rec.image), "%s",
		 cfg->image ? cfg->image : "guest");
	rec.disk = cfg->disk;
	rec.net = cfg->net;
	err = vm_write_record(cfg->name, &rec);
	if (err)
		goto err_kill;
	err = first_contact(cfg->name, &rec);
	if (err == -ECHILD)
		goto err_complain;
	if (err) {
		snprintf(why, len, "no answer on QMP: %s", strerror(-err));
		goto err_kill;
	}
	/* Once more, with the greeting's time: only --timing reads it. */
	vm_write_record(cfg->name, &rec);
	return 0;

err_complain:
	snprintf(why, len, "QEMU exited at once");
	qemu_complaint(cfg->name, why, len);
err_kill:
	if (vm_alive(&rec))
		kill(rec.pid, SIGKILL);
err_remove:
	vm_remove_run_dir(cfg->name);
	return err;
}

/* ---- waiting --------------------------------------------------------- */

/* Does the serial log of @name contain the ready marker yet? */
static bool marker_seen(int fd, char *tail, size_t *tail_len)
{
	const size_t mlen = sizeof(CTLAB_VM_READY_MARKER) - 1;
	char buf[4096 + sizeof(CTLAB_VM_READY_MARKER)];
	ssize_t n;

	/* Keep the last mlen-1 bytes, for a marker split across reads. */
	memcpy(buf, tail, *tail_len);
	while ((n = read(fd, buf + *tail_len, 4096)) > 0) {
		size_t total = *tail_len + (size_t)n;

		if (memmem(buf, total, CTLAB_VM_READY_MARKER, mlen))
			return true;
		*tail_len = total < mlen - 1 ? total : mlen - 1;
		memmove(buf, buf + total - *tail_len, *tail_len);
	}
	memcpy(tail, buf, *tail_len);
	return false;
}

static void write_ready(const char *name, double boot_s)
{
	char path[PATH_MAX];
	FILE *f;

	if (vm_path(name, "ready", path, sizeof(path)))
		return;
	f = fopen(path, "we");
	if (!f)
		return;
	fprintf(f, "%.3f\n", boot_s);
	fclose(f);
}

int ctlab_vm_wait_ready(const char *name, int timeout_ms, double *boot_s)
{
	int64_t deadline = ctlab_now_ns() + timeout_ms * 1000000LL;
	char path[PATH_MAX], tail[sizeof(CTLAB_VM_READY_MARKER)];
	size_t tail_len = 0;
	struct vm_record rec;
	int fd, err, i;

	if (ctlab_name_valid(name))
		return -EINVAL;
	/* Explaining, no guest boots: say what the wait would read. */
	if (!act("syscall", "read serial.log in its run directory as it grows, until the guest prints its ready marker, at most %d ms",
		 timeout_ms)) {
		*boot_s = 0;
		return 0;
	}
	err = vm_read_record(name, &rec);
	if (err)
		return err;
	err = vm_path(name, "serial.log", path, sizeof(path));
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Poll the log every 2 ms: the marker's time is the boot time. */
	for (i = 0;; i++) {
		if (marker_seen(fd, tail, &tail_len)) {
			*boot_s = (ctlab_now_ns() - rec.started_ns) / 1e9;
			write_ready(name, *boot_s);
			break;
		}
		if (i % 50 == 0 && !vm_alive(&rec)) {
			err = -ECHILD;
			break;
		}
		if (ctlab_now_ns() > deadline) {
			err = -ETIMEDOUT;
			break;
		}
		usleep(2000);
	}
	close(fd);
	return err;
}

static int pidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Wait up to @timeout_ms for QEMU to exit.  Returns true if it did. */
static bool wait_exit(int pidfd, const struct vm_record *rec, int timeout_ms)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };

	if (!act("syscall", "poll(pidfd of QEMU %d, %d ms): until QEMU exits",
		 (int)rec->pid, timeout_ms))
		return true;
	if (pidfd < 0) {	/* no pidfd (before Linux 5.3): poll /proc */
		for (; timeout_ms > 0 && vm_alive(rec); timeout_ms -= 10)
			usleep(10000);
		return !vm_alive(rec);
	}
	return poll(&pfd, 1, timeout_ms) == 1;
}

/* ---- stop, kill, rm -------------------------------------------------- */

/* Read @name's record; a guest that does not exist is -ENOENT. */
static int find_guest(const char *name, struct vm_record *rec)
{
	char path[PATH_MAX];
	int err;

	if (ctlab_name_valid(name))
		return -EINVAL;
	err = vm_path(name, "", path, sizeof(path));
	if (err)
		return err;
	if (access(path, F_OK))
		return -ENOENT;
	/* A directory without a readable vm.json has no live QEMU we know. */
	if (vm_read_record(name, rec))
		memset(rec, 0, sizeof(*rec));
	return 0;
}

static int qmp_simple(const char *name, const char *cmd, json_t *args)
{
	struct ctlab_qmp *qmp;
	int err = vm_qmp(name, QMP_TIMEOUT_MS, &qmp);

	if (err)
		return err;
	err = ctlab_qmp_execute(qmp, cmd, args, NULL, QMP_TIMEOUT_MS);
	ctlab_qmp_close(qmp);
	return err;
}

/*
 * Press the power button, every 2 s until the guest is gone or @timeout_ms
 * passed: a guest still booting misses a press.  Returns true if QEMU
 * exited (the guest powered off).
 */
static bool power_button(const char *name, int pidfd,
			 const struct vm_record *rec, int timeout_ms)
{
	int step;

	for (; timeout_ms > 0; timeout_ms -= step) {
		step = timeout_ms < 2000 ? timeout_ms : 2000;
		if (qmp_simple(name, "system_powerdown", NULL) && vm_alive(rec))
			return false;	/* QEMU is not answering */
		if (wait_exit(pidfd, rec, step))
			return true;
	}
	return false;
}

int ctlab_vm_stop(const char *name, int timeout_ms, bool *was_dead)
{
	struct vm_record rec;
	int err, pidfd;

	err = find_guest(name, &rec);
	if (err)
		return err;
	if (was_dead)
		*was_dead = !vm_alive(&rec);
	if (!vm_alive(&rec))
		return vm_remove_run_dir(name);

	pidfd = pidfd_open(rec.pid);
	if (!power_button(name, pidfd, &rec, timeout_ms)) {
		/* The guest did not listen: QEMU quits, or is told to. */
		if (qmp_simple(name, "quit", NULL) && vm_alive(&rec) &&
		    act("syscall", "kill(%d, SIGTERM)", (int)rec.pid))
			kill(rec.pid, SIGTERM);
		if (!wait_exit(pidfd, &rec, 5000) &&
		    act("syscall", "kill(%d, SIGKILL)", (int)rec.pid)) {
			kill(rec.pid, SIGKILL);
			wait_exit(pidfd, &rec, 5000);
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	return vm_remove_run_dir(name);
}

int ctlab_vm_kill(const char *name, bool *was_dead)
{
	struct vm_record rec;
	int err, pidfd;

	err = find_guest(name, &rec);
	if (err)
		return err;
	if (was_dead)
		*was_dead = !vm_alive(&rec);
	if (vm_alive(&rec)) {
		pidfd = pidfd_open(rec.pid);
		if (act("syscall", "kill(%d, SIGKILL)", (int)rec.pid) &&
		    kill(rec.pid, SIGKILL) < 0 && errno != ESRCH)
			err = -errno;
		if (!wait_exit(pidfd, &rec, 5000) && !err)
			err = -ETIMEDOUT;
		if (pidfd >= 0)
			close(pidfd);
		if (err)
			return err;
	}
	return vm_remove_run_dir(name);
}

int ctlab_vm_rm(const char *name)
{
	struct vm_record rec;
	int err = find_guest(name, &rec);

	if (err)
		return err;
	if (vm_alive(&rec))
		return -EBUSY;
	return vm_remove_run_dir(name);
}

int ctlab_vm_balloon(const char *name, uint64_t bytes)
{
	struct vm_record rec;
	json_t *args;
	int err;

	err = find_guest(name, &rec);
	if (err)
		return err;
	if (!vm_alive(&rec))
		return -ESRCH;
	if (bytes > rec.mem || bytes < (16ULL << 20))
		return -ERANGE;
	args = json_pack("{s:I}", "value", (json_int_t)bytes);
	err = qmp_simple(name, "balloon", args);
	json_decref(args);
	return err;
}
