#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tests/bench/phases.py: the median of each phase of `--timing --json`.

    ... --timing --json | tests/bench/phases.py [INDENT]

Reads one JSON object per line (several runs of the same start) and
prints, for each phase in the order of the first run, its median time
in ms and the interquartile range, then the same for the whole.  A phase
that some runs lack (a first run's one-off) is shown with its count.
"""
import json
import statistics
import sys


def quartiles(values):
    """Median and interquartile range, by linear interpolation."""
    v = sorted(values)
    if len(v) == 1:
        return v[0], v[0], v[0]
    q1, q2, q3 = statistics.quantiles(v, n=4, method="inclusive")
    return q2, q1, q3


def main():
    indent = sys.argv[1] if len(sys.argv) > 1 else "  "
    runs = [json.loads(line) for line in sys.stdin if line.startswith("{")]
    if not runs:
        print(indent + "no runs")
        return 1
    order, took = [], {}
    for run in runs:
        for p in run["phases"]:
            if p["phase"] not in took:
                order.append(p["phase"])
                took[p["phase"]] = []
            took[p["phase"]].append(p["ms"])
    for name in order + ["in all"]:
        values = took.get(name) or [r["total_ms"] for r in runs]
        med, q1, q3 = quartiles(values)
        count = "" if len(values) == len(runs) else " (%d runs)" % len(values)
        print("%s%9.2f ms  (IQR %.2f-%.2f)  %s%s"
              % (indent, med, q1, q3, name, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
