// SPDX-License-Identifier: GPL-2.0
/*
 * tests/vm/device.c: KTAP tests of /dev/ctlab's ioctl interface, run in
 * the lab VM by tests/vm/module-suite with ctlab.ko loaded.
 *
 * Each test checks what a program using the ABI would notice: the version
 * it is told, the errno it gets for a bad pointer or an unknown command,
 * and that the device is closed to users other than root.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/ctlab.h>

#include "ktap.h"

#define DEVICE "/dev/ctlab"

static int fd = -1;

/* An ioctl that must fail with @want; says what happened if not. */
static enum ktap_result expect_errno(unsigned long cmd, void *arg, int want,
				     const char *what)
{
	int ret = ioctl(fd, cmd, arg);

	if (ret == -1 && errno == want)
		return KTAP_PASS;
	ktap_diag("%s: want -1/%s, got %d/%s", what, strerror(want), ret,
		  ret == -1 ? strerror(errno) : "no error");
	return KTAP_FAIL;
}

static enum ktap_result test_get_version(void)
{
	struct ctlab_version ver;
	unsigned int i;

	/* Fill with garbage: the module must overwrite every byte. */
	memset(&ver, 0xa5, sizeof(ver));
	if (ioctl(fd, CTLAB_IOC_GET_VERSION, &ver)) {
		ktap_diag("GET_VERSION: %s", strerror(errno));
		return KTAP_FAIL;
	}
	if (ver.abi_major != CTLAB_ABI_MAJOR ||
	    ver.abi_minor != CTLAB_ABI_MINOR) {
		ktap_diag("module speaks ABI %u.%u, header says %u.%u",
			  ver.abi_major, ver.abi_minor, CTLAB_ABI_MAJOR,
			  CTLAB_ABI_MINOR);
		return KTAP_FAIL;
	}
	for (i = 0; i < sizeof(ver.reserved) / sizeof(ver.reserved[0]); i++) {
		if (ver.reserved[i]) {
			ktap_diag("reserved[%u] = %#x, want 0", i,
				  ver.reserved[i]);
			return KTAP_FAIL;
		}
	}
	return KTAP_PASS;
}

static enum ktap_result test_get_version_bad_pointer(void)
{
	if (expect_errno(CTLAB_IOC_GET_VERSION, NULL, EFAULT, "NULL") ||
	    expect_errno(CTLAB_IOC_GET_VERSION, (void *)8, EFAULT, "address 8"))
		return KTAP_FAIL;
	return KTAP_PASS;
}

static enum ktap_result test_unknown_command(void)
{
	struct ctlab_version ver;

	/* An unused number and another driver's magic are "no such
	 * ioctl"; a known number with the wrong size is a bad argument. */
	if (expect_errno(_IO(CTLAB_IOC_MAGIC, 0x7f), NULL, ENOTTY, "nr 0x7f") ||
	    expect_errno(_IOR('X', 0, struct ctlab_version), &ver, ENOTTY,
			 "another magic") ||
	    expect_errno(_IOR(CTLAB_IOC_MAGIC, 0, __u64), &ver, EINVAL,
			 "GET_VERSION with the wrong size"))
		return KTAP_FAIL;
	return KTAP_PASS;
}

static enum ktap_result test_only_root_opens(void)
{
	pid_t pid;
	int status;

	if (geteuid() != 0)
		return ktap_skip("needs root to drop to an unprivileged user");
	pid = fork();
	if (pid == 0) {
		int other;

		if (setgid(65534) || setuid(65534))
			_exit(2);
		other = open(DEVICE, O_RDWR);
		_exit(other == -1 && errno == EACCES ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		ktap_diag("fork/wait: %s", strerror(errno));
		return KTAP_FAIL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ktap_diag("user 65534 could open %s, or could not drop root",
			  DEVICE);
		return KTAP_FAIL;
	}
	return KTAP_PASS;
}

static const struct ktap_test tests[] = {
	{ "get_version", test_get_version },
	{ "get_version_bad_pointer", test_get_version_bad_pointer },
	{ "unknown_command_enotty_wrong_size_einval", test_unknown_command },
	{ "only_root_opens", test_only_root_opens },
};

int main(void)
{
	int failed;

	fd = open(DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("Bail out! cannot open %s: %s\n", DEVICE,
		       strerror(errno));
		return 1;
	}
	failed = ktap_run(tests, sizeof(tests) / sizeof(tests[0]));
	close(fd);
	return failed ? 1 : 0;
}
