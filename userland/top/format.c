// SPDX-License-Identifier: GPL-2.0
/*
 * format.c: numbers as the few characters a table cell has room for.
 *
 * Sizes are libctlab's ctlab_size_format() (binary, at most 5 characters,
 * the same as ps and stats print); a cell never grows past its column,
 * so the table stays aligned however big a figure gets.
 * (The table's columns, their cells and widths: columns.c.)
 * Nothing here knows about curses: the same strings go to the screen, to
 * batch mode and to the unit tests.
 */
#include <stdio.h>
#include <string.h>

#include "top.h"

const char *size_text(uint64_t bytes)
{
	static char buf[8][8];
	static unsigned int next;
	char *b = buf[next++ % 8];

	ctlab_size_format(bytes, b, 8);
	return b;
}

void fmt_uptime(double seconds, char *buf, size_t len)
{
	unsigned long s = (unsigned long)seconds;

	if (seconds < 0)
		snprintf(buf, len, "-");
	else if (s < 3600)
		snprintf(buf, len, "%lu:%02lu", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%lud%02luh", s / 86400, s / 3600 % 24);
}

void fmt_bar(double frac, unsigned int width, char *buf, size_t len)
{
	unsigned int i, filled;

	if (len < width + 3) {
		if (len)
			buf[0] = '\0';
		return;
	}
	if (!(frac > 0))	/* also NaN */
		frac = 0;
	if (frac > 1)
		frac = 1;
	filled = (unsigned int)(frac * width + 0.5);
	buf[0] = '[';
	for (i = 0; i < width; i++)
		buf[1 + i] = i < filled ? '|' : ' ';
	buf[width + 1] = ']';
	buf[width + 2] = '\0';
}

void fmt_sparkline(const float *values, unsigned int n, float max,
		   unsigned int width, bool utf8, char *buf, size_t len)
{
	/* U+2581..U+2588, lower one eighth block to full block. */
	static const char *const blocks[] = {
		" ", "\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char ascii[] = " .:-=+*#%@";
	const unsigned int levels = utf8 ? 8 : sizeof(ascii) - 2;
	unsigned int i, first = n > width ? n - width : 0, pad, at = 0;

	if (len < width * 3 + 1) {
		if (len)
			buf[0] = '\0';
		return;
	}
	pad = width - (n - first);
	for (i = 0; i < pad; i++)
		buf[at++] = ' ';
	for (i = first; i < n; i++) {
		float v = values[i];
		unsigned int level = 0;

		/* Anything above zero shows at least the lowest mark. */
		if (v > 0 && max > 0) {
			level = (unsigned int)(v / max * levels + 0.999f);
			if (level < 1)
				level = 1;
			if (level > levels)
				level = levels;
		}
		if (utf8) {
			strcpy(buf + at, blocks[level]);
			at += strlen(blocks[level]);
		} else {
			buf[at++] = ascii[level];
		}
	}
	buf[at] = '\0';
}
