// SPDX-License-Identifier: GPL-2.0
/*
 * timing.c: `--timing`, where a start's time went, phase by phase (run,
 * create, start, vm start).  The marks are libctlab's (struct
 * ctlab_timing); this only prints them, as a table for a student:
 *
 *     c1: start-up, phase by phase (ms)
 *          at   took  phase
 *        0.42   0.42  checked: template, module, name free
 *        1.37   0.95  cgroup made
 *        ...
 *
 * or, with --json, as one object for a script or a grader:
 *
 *     {"name":"c1","total_ms":21.4,"phases":[{"phase":"cgroup made",
 *      "ms":0.95,"at_ms":1.37,"clock":"host"},...]}
 *
 * A phase took from the mark before it to its own.  "clock" says whose
 * clock measured it: "guest" marks are a guest's own (10 ms steps).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "ctlab.h"

static double ms(int64_t ns)
{
	return ns / 1e6;
}

static void print_json(const char *name, const struct ctlab_timing *t)
{
	json_t *phases = json_array(), *j;
	int64_t prev = t->start_ns;
	unsigned int i;
	char *text;

	for (i = 0; i < t->n; i++) {
		const struct ctlab_mark *m = &t->mark[i];

		json_array_append_new(phases, json_pack("{s:s, s:f, s:f, s:s}",
			"phase", m->phase, "ms", ms(m->at_ns - prev),
			"at_ms", ms(m->at_ns - t->start_ns),
			"clock", m->guest_clock ? "guest" : "host"));
		prev = m->at_ns;
	}
	j = json_pack("{s:s, s:f, s:o}", "name", name,
		      "total_ms", ms(prev - t->start_ns), "phases", phases);
	text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6));
	if (text)
		puts(text);
	free(text);
	json_decref(j);
}

void cli_timing_print(const char *name, const struct ctlab_timing *t,
		      bool json)
{
	int64_t prev = t->start_ns;
	bool guest = false;
	unsigned int i;

	if (json) {
		print_json(name, t);
		return;
	}
	printf("%s: start-up, phase by phase (ms)\n", name);
	printf("  %9s %8s  %s\n", "at", "took", "phase");
	for (i = 0; i < t->n; i++) {
		const struct ctlab_mark *m = &t->mark[i];

		printf("  %9.2f %8.2f%s %s\n", ms(m->at_ns - t->start_ns),
		       ms(m->at_ns - prev), m->guest_clock ? "*" : " ",
		       m->phase);
		prev = m->at_ns;
		guest |= m->guest_clock;
	}
	if (guest)
		printf("  * the guest's own clock, in 10 ms steps\n");
	fflush(stdout);
}
