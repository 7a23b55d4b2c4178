// SPDX-License-Identifier: GPL-2.0
/*
 * size.c: sizes as people write them ("256M", "1G") and back.
 *
 * The suffixes are binary (K = 1024), as in QEMU's -m and the kernel's
 * memparse().  Unlike strtoull() alone, the parser refuses what would
 * otherwise be silently misread: a sign ("-1" wraps around in strtoull),
 * a fraction, trailing words, and values that overflow.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctlab.h"

/* The power of 1024 a suffix letter stands for, or -1. */
static int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K': return 10;
	case 'm': case 'M': return 20;
	case 'g': case 'G': return 30;
	case 't': case 'T': return 40;
	default: return -1;
	}
}

int ctlab_size_parse(const char *str, uint64_t *bytes)
{
	uint64_t value = 0;
	const char *p = str;
	int shift = 0;

	if (!str || *p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (value > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -ERANGE;
		value = value * 10 + (uint64_t)(*p - '0');
	}
	if (*p) {
		shift = suffix_shift(*p++);
		if (shift < 0)
			return -EINVAL;
		/* "1G", "1GB" and "1GiB" all mean 2^30 bytes. */
		if (!strcmp(p, "iB") || !strcmp(p, "B"))
			p += strlen(p);
		if (*p)
			return -EINVAL;
	}
	if (value > UINT64_MAX >> shift)
		return -ERANGE;
	*bytes = value << shift;
	return 0;
}

int ctlab_size_format(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int i;

	/* The largest unit that divides the size exactly. */
	for (i = 3; i >= 0; i--) {
		uint64_t unit = 1ULL << (10 * (i + 1));

		if (bytes && bytes % unit == 0)
			return snprintf(buf, len, "%" PRIu64 "%c",
					bytes / unit, units[i]);
	}
	return snprintf(buf, len, "%" PRIu64, bytes);
}
