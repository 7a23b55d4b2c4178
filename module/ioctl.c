// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: the ioctl commands of /dev/ctlab.
 *
 * ctlab_ioctl() is only a switch: each command has its own function that
 * copies its argument in, does its work and copies the answer out.
 * A command number the module does not know gets -ENOTTY, which is what
 * the kernel itself answers for "this file has no such ioctl".
 */
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <uapi/linux/ctlab.h>

#include "internal.h"

static long ctlab_ioctl_get_version(void __user *uarg)
{
	struct ctlab_version ver;

	/* Zero the whole struct so no stack garbage reaches userland. */
	memset(&ver, 0, sizeof(ver));
	ver.abi_major = CTLAB_ABI_MAJOR;
	ver.abi_minor = CTLAB_ABI_MINOR;

	if (copy_to_user(uarg, &ver, sizeof(ver)))
		return -EFAULT;
	return 0;
}

long ctlab_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case CTLAB_IOC_GET_VERSION:
		return ctlab_ioctl_get_version(uarg);
	default:
		return -ENOTTY;
	}
}
