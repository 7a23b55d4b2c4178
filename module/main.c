// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: the character device /dev/ctlab.
 *
 * The module is a misc device: the misc subsystem gives it a minor number
 * and udev/devtmpfs give it a node, so there is no class or chrdev
 * region to manage.  Loading registers the device; unloading removes it.
 * The kernel holds a reference on the module while /dev/ctlab is open
 * (fops.owner), so rmmod is refused until every user has closed it.
 *
 * The device answers ioctl() (ioctl.c), read() with a text table of the
 * containers (table.c, through seq_file), and poll(), which reports the
 * file readable when something changed since its last read: a container
 * was created, entered, exited, destroyed or hit its limit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "internal.h"

static int group = -1;
module_param(group, int, 0444);
MODULE_PARM_DESC(group, "A group id whose members may use /dev/ctlab (mode 0660; default: root only, 0600)");

atomic_t ctlab_objects = ATOMIC_INIT(0);

void *ctlab_zalloc(size_t size)
{
	void *p = kzalloc(size, GFP_KERNEL);

	if (p)
		atomic_inc(&ctlab_objects);
	return p;
}

void ctlab_free(const void *p)
{
	if (p)
		atomic_dec(&ctlab_objects);
	kfree(p);
}

static int ctlab_open(struct inode *inode, struct file *file)
{
	struct ctlab_reader *reader;
	int ret;

	reader = ctlab_zalloc(sizeof(*reader));
	if (!reader)
		return -ENOMEM;
	/* poll() reports what happens from now on, not what came before. */
	reader->events_seen = ctlab_event_count();
	/* misc_open() left the miscdevice here; seq_file wants it empty. */
	file->private_data = NULL;
	ret = single_open(file, ctlab_table_show, reader);
	if (ret)
		ctlab_free(reader);
	return ret;
}

static int ctlab_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	ctlab_free(m->private);
	return single_release(inode, file);
}

static __poll_t ctlab_poll(struct file *file, poll_table *wait)
{
	struct seq_file *m = file->private_data;
	struct ctlab_reader *reader = m->private;

	poll_wait(file, &ctlab_event_wq, wait);
	if (ctlab_event_count() != reader->events_seen)
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static const struct file_operations ctlab_fops = {
	.owner		= THIS_MODULE,
	.open		= ctlab_open,
	.release	= ctlab_release,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.poll		= ctlab_poll,
	.unlocked_ioctl	= ctlab_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
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

	/*
	 * devtmpfs sets the mode; the group is set by udev or by
	 * `ctlab module load`, which reads this parameter back.
	 */
	if (group >= 0)
		ctlab_miscdev.mode = 0660;
	ret = ctlab_exits_start();
	if (ret)
		return ret;
	ret = misc_register(&ctlab_miscdev);
	if (ret) {
		pr_err("cannot register /dev/ctlab: %d\n", ret);
		goto err_exits;
	}
	pr_info("ABI %u.%u ready on /dev/ctlab\n", CTLAB_ABI_MAJOR,
		CTLAB_ABI_MINOR);
	return 0;

err_exits:
	ctlab_exits_stop();
	return ret;
}

/*
 * No one has /dev/ctlab open (the module reference sees to that), so no
 * command is running.  Containers still alive go on without the module.
 */
static void __exit ctlab_exit(void)
{
	misc_deregister(&ctlab_miscdev);
	ctlab_sampler_stop();
	ctlab_exits_stop();
	ctlab_destroy_all();
	if (atomic_read(&ctlab_objects))
		pr_err("%d objects leaked\n", atomic_read(&ctlab_objects));
}

module_init(ctlab_init);
module_exit(ctlab_exit);

MODULE_DESCRIPTION("ctlab: containers and their memory, for teaching");
MODULE_LICENSE("GPL");
