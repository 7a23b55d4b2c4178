// SPDX-License-Identifier: GPL-2.0
/*
 * caps.c: the capabilities a container gives up for good.
 *
 * Root in a container keeps most of root's powers over its own
 * namespaces (mounting in its own mount namespace, say), but some powers
 * reach the whole machine whatever the namespaces: loading kernel
 * modules, raw I/O, setting the clock, rebooting, reading the kernel's
 * log... Dropping them from the bounding set takes them away from this
 * task and everything it ever runs, even a setuid program.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>

#include "internal.h"

static const int dropped_caps[] = {
	CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_SYS_BOOT,
	CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_SYSLOG, CAP_AUDIT_CONTROL,
	CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND,
};

int ctlab_drop_capabilities(void)
{
	unsigned int i;

	if (!act("syscall", "prctl(PR_CAPBSET_DROP, CAP) for CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_SYS_BOOT, CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_SYSLOG, CAP_AUDIT_CONTROL, CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND"))
		return 0;
	for (i = 0; i < sizeof(dropped_caps) / sizeof(dropped_caps[0]); i++)
		/* EINVAL: a capability this kernel does not know. */
		if (prctl(PR_CAPBSET_DROP, dropped_caps[i], 0, 0, 0) &&
		    errno != EINVAL)
			return -errno;
	return 0;
}
