// SPDX-License-Identifier: GPL-2.0
/*
 * accel.c: KVM or TCG?
 *
 * A /dev/kvm that opens is not proof that KVM works: on some hosts (these
 * among them) it opens and guests hang.  So, like vm-images/labvm, ctlab
 * trusts KVM only after a probe boot with it prints the guest's ready
 * marker within a timeout.  The answer is cached until the host reboots
 * in ${TMPDIR:-/tmp}/ctlab-kvm-probe.BOOT_ID, the file labvm uses too.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

#define PROBE_TIMEOUT_MS 15000

const char *ctlab_accel_name(enum ctlab_accel accel)
{
	switch (accel) {
	case CTLAB_ACCEL_KVM: return "kvm";
	case CTLAB_ACCEL_TCG: return "tcg";
	default: return "auto";
	}
}

static int cache_path(char *buf, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	char boot_id[64] = "";
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");

	if (!f)
		return -errno;
	if (!fgets(boot_id, sizeof(boot_id), f))
		boot_id[0] = '\0';
	fclose(f);
	boot_id[strcspn(boot_id, "\n")] = '\0';
	if (snprintf(buf, len, "%s/ctlab-kvm-probe.%s", tmp && *tmp ? tmp : "/tmp",
		     boot_id) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

/* Boot the guest image under KVM with its output on a pipe. */
static bool probe_boot(void)
{
	struct ctlab_vm_config cfg = {
		.name = "kvm-probe", .mem = 256ULL << 20, .cpus = 1,
	};
	int64_t deadline = ctlab_now_ns() + PROBE_TIMEOUT_MS * 1000000LL;
	char buf[4096], seen[8192] = "";
	size_t used = 0;
	bool ok = false;
	int out[2], devnull;
	char **argv;
	pid_t pid;

	if (vm_qemu_argv(&cfg, CTLAB_ACCEL_KVM, NULL, &argv))
		return false;
	if (pipe2(out, O_CLOEXEC) < 0) {
		ctlab_strv_free(argv);
		return false;
	}
	pid = fork();
	if (pid == 0) {
		devnull = open("/dev/null", O_RDWR);
		dup2(devnull, STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	ctlab_strv_free(argv);
	close(out[1]);
	while (pid > 0 && !ok) {
		struct pollfd pfd = { .fd = out[0], .events = POLLIN };
		int64_t left = (deadline - ctlab_now_ns()) / 1000000;
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		n = read(out[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		/* Keep a window of the output; the marker is short. */
		if (used + (size_t)n >= sizeof(seen))
			used = 0;
		memcpy(seen + used, buf, (size_t)n);
		used += (size_t)n;
		seen[used] = '\0';
		ok = strstr(seen, CTLAB_VM_READY_MARKER) != NULL;
	}
	close(out[0]);
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return ok;
}

int ctlab_accel_resolve(enum ctlab_accel want, enum ctlab_accel *got)
{
	char path[PATH_MAX], answer[8] = "";
	FILE *f;
	int err;

	if (want != CTLAB_ACCEL_AUTO) {
		*got = want;
		return 0;
	}
	err = cache_path(path, sizeof(path));
	if (err)
		return err;
	f = fopen(path, "re");
	if (f) {
		if (!fgets(answer, sizeof(answer), f))
			answer[0] = '\0';
		fclose(f);
	}
	if (strncmp(answer, "kvm", 3) && strncmp(answer, "tcg", 3) &&
	    !act("exec", "a probe boot with KVM, if /dev/kvm opens: kvm if it works, else tcg (tcg below), remembered in %s",
		 path)) {
		*got = CTLAB_ACCEL_TCG;
		return 0;
	}
	if (strncmp(answer, "kvm", 3) && strncmp(answer, "tcg", 3)) {
		bool kvm = access("/dev/kvm", R_OK | W_OK) == 0 && probe_boot();

		snprintf(answer, sizeof(answer), "%s", kvm ? "kvm" : "tcg");
		f = fopen(path, "we");
		if (f) {
			fprintf(f, "%s\n", answer);
			fclose(f);
		}
	}
	*got = strncmp(answer, "kvm", 3) ? CTLAB_ACCEL_TCG : CTLAB_ACCEL_KVM;
	return 0;
}
