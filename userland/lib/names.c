// SPDX-License-Identifier: GPL-2.0
/*
 * names.c: the naming rule shared by containers and guests.
 *
 * A name becomes a directory under /run/ctlab, part of QEMU's options
 * ("-name g1,process=ctlab-g1") and a word in the dashboard.  Restricting
 * it to a small alphabet makes all of those safe at once: no '/', no
 * commas for QEMU's option parser, no spaces or quotes for a shell that
 * should never see it anyway, and no leading '-' that reads as an option.
 */
#include <errno.h>
#include <string.h>

#include "ctlab.h"

static int name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

int ctlab_name_valid(const char *name)
{
	size_t i, len;

	if (!name)
		return -EINVAL;
	len = strnlen(name, CTLAB_NAME_MAX);
	if (len == 0 || len > CTLAB_NAME_LEN)
		return -EINVAL;
	/* Not ".", "..", a hidden file, or something that looks like -x. */
	if (name[0] == '.' || name[0] == '-')
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!name_char_ok(name[i]))
			return -EINVAL;
	return 0;
}
