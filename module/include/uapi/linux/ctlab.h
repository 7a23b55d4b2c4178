/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ctlab: the ABI of /dev/ctlab, shared by ctlab.ko and libctlab.
 *
 * This is the only file both sides include, so it is the contract: every
 * struct has a fixed layout on 32- and 64-bit userland (fixed-width types,
 * natural alignment, explicit reserved words), every command has its own
 * number that is never reused, and every reserved field must be zero so
 * that it can be given a meaning later without breaking old programs.
 */
#ifndef _UAPI_LINUX_CTLAB_H
#define _UAPI_LINUX_CTLAB_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * The ABI version.  The major number changes when an existing command or
 * struct changes incompatibly; libctlab refuses to talk to a module whose
 * major differs.  The minor number grows when commands are added.
 */
#define CTLAB_ABI_MAJOR 1
#define CTLAB_ABI_MINOR 0

/* 0xC7 is free in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define CTLAB_IOC_MAGIC 0xC7

/**
 * struct ctlab_version - the ABI version the module speaks
 * @abi_major: %CTLAB_ABI_MAJOR of the running module.
 * @abi_minor: %CTLAB_ABI_MINOR of the running module.
 * @reserved: always zero on return.
 */
struct ctlab_version {
	__u32 abi_major;
	__u32 abi_minor;
	__u32 reserved[6];
};

/**
 * CTLAB_IOC_GET_VERSION - report the ABI version
 *
 * Any task that can open /dev/ctlab may ask.  Command 0, so that a program
 * built against any version of this header can always ask it first.
 *
 * Return: 0 on success; -1 with errno set to
 * * %EFAULT - the argument does not point to writable memory.
 */
#define CTLAB_IOC_GET_VERSION _IOR(CTLAB_IOC_MAGIC, 0, struct ctlab_version)

#endif /* _UAPI_LINUX_CTLAB_H */
