// SPDX-License-Identifier: GPL-2.0
/*
 * userns.c: the optional user namespace (ctlab run --userns).
 *
 * Without one, root in a container is root on the host, held in only by
 * its namespaces and the capabilities it dropped.  With one, root inside
 * is an ordinary user outside: the container's ids 0 to 65535 are the
 * host's userns_base to userns_base + 65535 (the range /etc/subuid would
 * give), so a process that escapes its other namespaces owns nothing of
 * the host's.  Inside, it still has every capability, but only over what
 * its own namespaces own.
 *
 * A new user namespace starts with no map at all: its task is nobody
 * until someone outside writes /proc/PID/uid_map and gid_map, once each.
 * So the launcher writes them while the child waits, and then the child
 * takes uid and gid 0 of its namespace.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"

#define USERNS_IDS 65536

int launch_map_ids(const struct ctlab_run_config *cfg, pid_t pid)
{
	char path[64], map[64];
	int err;

	snprintf(map, sizeof(map), "0 %u %u\n", (unsigned int)cfg->userns_base,
		 USERNS_IDS);
	/* Explaining, there is no task yet: its PID is "PID". */
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/PID/uid_map");
	err = ctlab_write_file(path, map);
	if (err)
		return err;
	memcpy(strstr(path, "uid_map"), "gid", 3);
	return ctlab_write_file(path, map);
}

void launch_become_root(struct launch *l)
{
	/* Groups first: after setresuid() it may no longer change them. */
	if (act("syscall", "setresgid(0, 0, 0), setgroups(0, NULL), setresuid(0, 0, 0)") &&
	    (setresgid(0, 0, 0) || setgroups(0, NULL) || setresuid(0, 0, 0)))
		launch_fail(l, errno, "becoming root of its user namespace");
}

/*
 * The overlay writes its upper layer as the user who mounted it, the
 * container's root: on the host, userns_base.
 */
int launch_chown_run_dir(struct launch *l)
{
	uid_t base = l->cfg->userns_base;

	if (!act("syscall", "chown(\"%s\", %u, %u) and chown(\"%s\", %u, %u)",
		 l->upper, base, base, l->work, base, base))
		return 0;
	if (chown(l->upper, base, base) || chown(l->work, base, base))
		return -errno;
	return 0;
}
