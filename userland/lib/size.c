// SPDX-License-Identifier: GPL-2.0
/*
 * size.c: sizes as people write them ("256M", "1G"), and as a table cell
 * shows them ("1.5M", "90M"): the one formatter ps, stats and top use.
 *
 * The suffixes are binary (K = 1024), as in QEMU's -m and the kernel's
 * memparse().  Unlike strtoull() alone, the parser refuses what would
 * otherwise be silently misread: a sign ("-1" wraps around in strtoull),
 * a fraction, trailing words, and values that overflow.
 */
#include <errno.h>
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

/*
 * T, P, E: the limit no one sets on purpose (ctlab run --mem 99999T, or
 * 8388607T, just below the 8E ctlab refuses) must still fit in five
 * characters and read true: a unit is taken once the figure passes 1023
 * of the one below.
 */
static int format_huge(double gib, char *buf, size_t len)
{
	static const char unit[] = "TPE";
	unsigned int u = 0;

	gib /= 1024;
	while (gib >= 1023.5 && u + 1 < sizeof(unit) - 1) {
		gib /= 1024;
		u++;
	}
	return snprintf(buf, len, "%.0f%c", gib, unit[u]);
}

int ctlab_size_format(uint64_t bytes, char *buf, size_t len)
{
	const double mib = 1024.0 * 1024, gib = mib * 1024;

	if (bytes < 1024)
		return snprintf(buf, len, "%u", (unsigned int)bytes);
	if (bytes < 1024 * 1024)
		return snprintf(buf, len, "%uK", (unsigned int)(bytes >> 10));
	if (bytes < 10 * mib)
		return snprintf(buf, len, "%.1fM", bytes / mib);
	if (bytes < 1000 * mib)
		return snprintf(buf, len, "%.0fM", bytes / mib);
	if (bytes < 10 * gib)
		return snprintf(buf, len, "%.1fG", bytes / gib);
	if (bytes < 10000 * gib)
		return snprintf(buf, len, "%.0fG", bytes / gib);
	return format_huge(bytes / gib, buf, len);
}
