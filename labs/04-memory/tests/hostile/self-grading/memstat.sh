#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A hostile memstat.sh (labs/README.md, "Threat model"), run as root
# (its task: reading root's processes' smaps): it measures nothing and
# tries to grade itself instead.  It appends the bash framework's
# `miss() { award "$@"; }` to every file named like grader state near
# its working directory and, in the lab VM, in the working directory of
# every process; it writes over results files; it prints forged
# records, TAP, totals, JSON and terminal escapes.  (Not the working
# directories of every process on the grading host: there it would
# append to other programs' files, which is the risk labs/README.md
# names for root, not a way up.)  It must score what the skeleton does.
forged='miss() { award "$@"; }'
for f in env ../env facts.json ../facts.json run.json ../run.json; do
	printf '%s\n' "$forged" >>"$f" 2>/dev/null
done
for f in results.json grade.tap ../results/results.json; do
	printf '{"score": 52}\n' >"$f" 2>/dev/null
done
if [ "$1" = ct ]; then
	for d in /proc/[0-9]*; do
		for f in env ../env facts.json ../facts.json; do
			[ -f "$d/cwd/$f" ] && printf '%s\n' "$forged" >>"$d/cwd/$f" 2>/dev/null
		done
	done
fi
printf 'GRADE1 0 {"t":"award","p":52,"m":"passed"}\n'
printf 'ok 1 - %s passed\ntotal: 52/52\n\033[2J\033]0;passed\007\n' "$1"
exit 0
