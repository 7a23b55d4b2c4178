// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: the character device /dev/ctlab.
 *
 * The module is a misc device: the misc subsystem gives it a minor number
 * and udev/devtmpfs give it a node, so there is no class or chrdev
 * region to manage.  Loading registers the device; unloading removes it.
 * The kernel holds a reference on the module while /dev/ctlab is open
 * (fops.owner), so rmmod is refused until every user has closed it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <uapi/linux/ctlab.h>

#include "internal.h"

static const struct file_operations ctlab_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ctlab_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice ctlab_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ctlab",
	.fops	= &ctlab_fops,
	.mode	= 0600,
};

static int __init ctlab_init(void)
{
	int ret;

	ret = misc_register(&ctlab_miscdev);
	if (ret) {
		pr_err("cannot register /dev/ctlab: %d\n", ret);
		return ret;
	}
	pr_info("ABI %u.%u ready on /dev/ctlab\n", CTLAB_ABI_MAJOR,
		CTLAB_ABI_MINOR);
	return 0;
}

static void __exit ctlab_exit(void)
{
	misc_deregister(&ctlab_miscdev);
}

module_init(ctlab_init);
module_exit(ctlab_exit);

MODULE_DESCRIPTION("ctlab: containers and their memory, for teaching");
MODULE_LICENSE("GPL");
