// SPDX-License-Identifier: GPL-2.0
/*
 * module.c: loading, unloading and inspecting ctlab.ko, through libkmod
 * (the library behind modprobe, insmod and rmmod), so that errors come
 * back as -errno instead of a message on someone else's stderr.
 *
 * libkmod is opened with dlopen() the first time a module verb needs it,
 * not linked: it brings libcrypto, zstd and lzma along, and loading those
 * costs every ctlab command about 25 ms in the lab VM, `ctlab run`
 * included, where only `ctlab module` needs them.
 *
 * Loading also does what a udev rule would do for the module's group=
 * parameter: it gives /dev/ctlab that group, so its members may use it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libkmod.h>

#include "internal.h"

/* The libkmod functions used here, as pointers filled by dlsym(). */
#define KMOD_FUNCTIONS(X) X(kmod_new) X(kmod_unref) X(kmod_set_log_fn) \
	X(kmod_module_new_from_path) X(kmod_module_new_from_name) \
	X(kmod_module_unref) X(kmod_module_insert_module) \
	X(kmod_module_remove_module) X(kmod_module_get_initstate) \
	X(kmod_module_get_refcnt)

#define KMOD_POINTER(f) __typeof__(&f) f;
static struct {
	KMOD_FUNCTIONS(KMOD_POINTER)
} kmod;

/* dlopen()s libkmod once.  Returns 0, or -ENOSYS if it is missing. */
static int kmod_load(void)
{
	static void *lib;

	if (lib)
		return 0;
	lib = dlopen("libkmod.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return -ENOSYS;
	/* One lookup per function of the list, each checked. */
#define KMOD_LOOKUP(f)						\
	kmod.f = (__typeof__(kmod.f))dlsym(lib, #f);		\
	if (!kmod.f)						\
		return -ENOSYS;
	KMOD_FUNCTIONS(KMOD_LOOKUP)
	return 0;
}

#define MODULE_NAME "ctlab"

/* libkmod logs to stderr by default; a library must not print. */
static void no_log(void *data, int priority, const char *file, int line,
		   const char *fn, const char *format, va_list args)
{
	(void)data, (void)priority, (void)file, (void)line, (void)fn;
	(void)format, (void)args;
}

/* Runs @fn on the module named ctlab, or on the file at @path. */
static int with_module(const char *path,
		       int (*fn)(struct kmod_module *mod, void *arg), void *arg)
{
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx;
	int err;

	err = kmod_load();
	if (err)
		return err;
	ctx = kmod.kmod_new(NULL, NULL);
	if (!ctx)
		return -ENOMEM;
	kmod.kmod_set_log_fn(ctx, no_log, NULL);
	if (path)
		err = kmod.kmod_module_new_from_path(ctx, path, &mod);
	else
		err = kmod.kmod_module_new_from_name(ctx, MODULE_NAME, &mod);
	if (!err)
		err = fn(mod, arg);
	kmod.kmod_module_unref(mod);
	kmod.kmod_unref(ctx);
	return err;
}

static int insert(struct kmod_module *mod, void *params)
{
	return kmod.kmod_module_insert_module(mod, 0, params);
}

/* Gives /dev/ctlab the group named by the module's group= parameter. */
static int apply_group(void)
{
	FILE *f = fopen("/sys/module/" MODULE_NAME "/parameters/group", "re");
	int gid = -1;

	if (f) {
		if (fscanf(f, "%d", &gid) != 1)
			gid = -1;
		fclose(f);
	}
	if (gid >= 0 && chown(CTLAB_DEVICE, (uid_t)-1, (gid_t)gid))
		return -errno;
	return 0;
}

int ctlab_module_load(const char *path, const char *params)
{
	int err;

	if (access(path, R_OK))
		return -errno;
	err = with_module(path, insert, (void *)(params ? params : ""));
	return err ? err : apply_group();
}

static int remove_it(struct kmod_module *mod, void *unused)
{
	(void)unused;
	return kmod.kmod_module_remove_module(mod, 0);
}

int ctlab_module_unload(void)
{
	int err = with_module(NULL, remove_it, NULL);

	/* libkmod never waits for users to go: the kernel says EAGAIN. */
	return err == -EAGAIN ? -EBUSY : err;
}

static int inspect(struct kmod_module *mod, void *arg)
{
	struct ctlab_module_status *st = arg;
	int state = kmod.kmod_module_get_initstate(mod);

	st->loaded = state == KMOD_MODULE_LIVE;
	st->users = st->loaded ? kmod.kmod_module_get_refcnt(mod) : 0;
	return 0;
}

int ctlab_module_status(struct ctlab_module_status *st)
{
	struct ctlab_version ver;
	struct stat sb;
	int fd, err;

	memset(st, 0, sizeof(*st));
	err = with_module(NULL, inspect, st);
	if (err)
		return err;
	st->device = !stat(CTLAB_DEVICE, &sb) && S_ISCHR(sb.st_mode);
	if (st->device && !ctlab_open(&fd)) {
		if (!ctlab_version(fd, &ver)) {
			st->abi_major = ver.abi_major;
			st->abi_minor = ver.abi_minor;
		}
		close(fd);
	}
	return 0;
}
