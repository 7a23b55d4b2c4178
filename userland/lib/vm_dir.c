// SPDX-License-Identifier: GPL-2.0
/*
 * vm_dir.c: where a guest lives, its run directory, and what vm.json in
 * it records (see ctlab.h for the files a run directory holds).
 *
 * The directory is the guest's whole state outside QEMU: vm.json names
 * the QEMU process by PID and start time, which together tell a live
 * guest from a dead one (a PID alone could have been reused).  Listing
 * guests is listing these directories.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

const char *vm_run_base(void)
{
	const char *dir = getenv("CTLAB_RUN_DIR");

	return dir && *dir ? dir : CTLAB_VM_DEFAULT_RUN_DIR;
}

int vm_path(const char *name, const char *file, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s%s%s", vm_run_base(), name,
			 *file ? "/" : "", file);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ctlab_vm_run_dir(const char *name, char *buf, size_t len)
{
	return vm_path(name, "", buf, len);
}

int vm_image_path(const char *image, const char *file, char *buf, size_t len)
{
	const char *dir = getenv("CTLAB_IMAGE_DIR");
	int n;

	if (!dir || !*dir)
		dir = CTLAB_DEFAULT_IMAGE_DIR;
	n = snprintf(buf, len, "%s/%s/%s", dir, image ? image : "guest", file);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* ---- vm.json --------------------------------------------------------- */

int vm_write_record(const char *name, const struct vm_record *rec)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	json_t *j;
	int err;

	err = vm_path(name, "vm.json", path, sizeof(path));
	if (err)
		return err;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!act("write", "%s <- {pid: %d, mem: %llu, cpus: %u, accel: %s, image: %s, ...} (through %s, renamed)",
		 path, (int)rec->pid, (unsigned long long)rec->mem, rec->cpus,
		 rec->accel, rec->image, tmp))
		return 0;
	j = json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:i, s:s, s:s, s:b, s:b}",
		      "pid", (int)rec->pid,
		      "start_time", (json_int_t)rec->start_time,
		      "started_ns", (json_int_t)rec->started_ns,
		      "exec_ns", (json_int_t)rec->exec_ns,
		      "qmp_ns", (json_int_t)rec->qmp_ns,
		      "mem", (json_int_t)rec->mem, "cpus", (int)rec->cpus,
		      "accel", rec->accel, "image", rec->image,
		      "disk", rec->disk, "net", rec->net);
	if (!j)
		return -ENOMEM;
	err = json_dump_file(j, tmp, JSON_INDENT(1)) ? -EIO : 0;
	json_decref(j);
	/* rename(): a reader sees the old file or the new, never half. */
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	return err;
}

int vm_read_record(const char *name, struct vm_record *rec)
{
	char path[PATH_MAX];
	json_int_t pid = 0, start = 0, started = 0, exec = 0, qmp = 0, mem = 0;
	const char *accel = "", *image = "";
	int cpus = 0, disk = 0, net = 0, err;
	json_error_t jerr;
	json_t *j;

	memset(rec, 0, sizeof(*rec));
	err = vm_path(name, "vm.json", path, sizeof(path));
	if (err)
		return err;
	j = json_load_file(path, 0, &jerr);
	if (!j)
		return access(path, F_OK) ? -ENOENT : -EIO;
	if (json_unpack(j, "{s:I, s:I, s:I, s?I, s?I, s:I, s:i, s:s, s:s, s:b, s:b}",
			"pid", &pid, "start_time", &start, "started_ns", &started,
			"exec_ns", &exec, "qmp_ns", &qmp, "mem", &mem, "cpus", &cpus, "accel", &accel,
			"image", &image, "disk", &disk, "net", &net)) {
		json_decref(j);
		return -EIO;
	}
	rec->pid = (pid_t)pid;
	rec->start_time = (uint64_t)start;
	rec->started_ns = started;
	rec->exec_ns = exec;
	rec->qmp_ns = qmp;
	rec->mem = (uint64_t)mem;
	rec->cpus = (unsigned int)cpus;
	snprintf(rec->accel, sizeof(rec->accel), "%s", accel);
	snprintf(rec->image, sizeof(rec->image), "%s", image);
	rec->disk = disk;
	rec->net = net;
	json_decref(j);
	return 0;
}

bool vm_alive(const struct vm_record *rec)
{
	uint64_t start;

	return rec->pid > 0 && !ctlab_proc_start_time(rec->pid, &start) &&
	       start == rec->start_time;
}

int vm_qmp(const char *name, int timeout_ms, struct ctlab_qmp **qmp)
{
	char path[PATH_MAX];
	int err = vm_path(name, "qmp.sock", path, sizeof(path));

	return err ? err : ctlab_qmp_connect(path, timeout_ms, qmp);
}

/* Remove a run directory and what is in it (it holds no subdirectory). */
int vm_remove_run_dir(const char *name)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int err;

	err = vm_path(name, "", path, sizeof(path));
	if (err)
		return err;
	if (!act("syscall", "unlink(2) every file in \"%s\", then rmdir(2) it",
		 path))
		return 0;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dirfd(dir), de->d_name, 0);
	closedir(dir);
	return rmdir(path) < 0 ? -errno : 0;
}

/* ---- list ------------------------------------------------------------ */

static int is_guest_dir(const struct dirent *de)
{
	return !ctlab_name_valid(de->d_name) &&
	       (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN);
}

int ctlab_vm_list(char ***names)
{
	struct dirent **list;
	char **v;
	int n, i;

	n = scandir(vm_run_base(), &list, is_guest_dir, alphasort);
	if (n < 0 && errno == ENOENT)
		n = 0, list = NULL;
	if (n < 0)
		return -errno;
	v = calloc((size_t)n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		if (v)
			v[i] = strdup(list[i]->d_name);
		if (v && !v[i]) {
			ctlab_strv_free(v);
			v = NULL;
		}
		free(list[i]);
	}
	free(list);
	if (!v)
		return -ENOMEM;
	*names = v;
	return n;
}

void ctlab_strv_free(char **strv)
{
	char **p;

	if (!strv)
		return;
	for (p = strv; *p; p++)
		free(*p);
	free(strv);
}
