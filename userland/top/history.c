// SPDX-License-Identifier: GPL-2.0
/*
 * history.c: the last HISTORY_LEN values of one figure of one row, for
 * the detail pane's sparklines.
 *
 * A ring: each snapshot pushes one value, overwriting the oldest once
 * full.  sample.c carries a row's rings over from the previous snapshot
 * (matched by type and name), so a row's history survives re-sorting and
 * rows coming and going around it.
 */
#include "top.h"

void history_push(struct history *h, float value)
{
	h->value[h->next] = value;
	h->next = (h->next + 1) % HISTORY_LEN;
	if (h->len < HISTORY_LEN)
		h->len++;
}

float history_get(const struct history *h, unsigned int i)
{
	unsigned int oldest = (h->next + HISTORY_LEN - h->len) % HISTORY_LEN;

	return h->value[(oldest + i) % HISTORY_LEN];
}
