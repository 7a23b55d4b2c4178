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

/* The rule itself is the ABI header's, which the module applies too. */
int ctlab_name_valid(const char *name)
{
	size_t i, len;

	if (!name)
		return -EINVAL;
	len = strnlen(name, CTLAB_NAME_MAX);
	if (len == 0 || len > CTLAB_NAME_LEN || !CTLAB_NAME_FIRST_OK(name[0]))
		return -EINVAL;
	for (i = 1; i < len; i++)
		if (!CTLAB_NAME_CHAR_OK(name[i]))
			return -EINVAL;
	return 0;
}
