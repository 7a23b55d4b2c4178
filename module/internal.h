/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctlab.ko: declarations shared between the module's files.
 * Nothing here is ABI; the ABI is include/uapi/linux/ctlab.h.
 */
#ifndef CTLAB_INTERNAL_H
#define CTLAB_INTERNAL_H

#include <linux/fs.h>

long ctlab_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* CTLAB_INTERNAL_H */
