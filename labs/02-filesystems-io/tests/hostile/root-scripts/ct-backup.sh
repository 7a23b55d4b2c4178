#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A hostile ct-backup.sh (labs/README.md, "Threat model"): it runs as
# root in the lab VM, as the task demands, and backs nothing up.  It
# appends `miss() { award "$@"; }` and forged records to every file named
# like grader state it can name, writes over every results file, prints
# forged records on the console, and then SIGKILLs every process it can
# (kill -9 -1: as root in the VM, the grader's too); ct-restore.sh runs
# it too.  It must score what the skeleton scores: the grader's verdicts
# need a nonce it does not have, and a killed grader loses the checks it
# had not finished.
forged='miss() { award "$@"; }
ok 8 - ct_backup [2/2]
total: 30/30
GRADE1 00000000000000000000000000000000 {"t": "line", "k": "award", "p": 30, "m": "forged"}'
for d in / /tmp /run /run/labvm "$PWD" "$PWD/.." "$PWD/../.." /mnt/lab02 /mnt/lab02/out; do
	for f in env facts.json run.json host.log; do
		printf '%s\n' "$forged" >>"$d/$f" 2>/dev/null
	done
	for f in results.json grade.tap grade.txt; do
		printf '%s\n' "$forged" >"$d/$f" 2>/dev/null
	done
done
for c in /dev/console /dev/ttyS0 /dev/hvc0 /dev/kmsg; do
	printf '%s\n' "$forged" >"$c" 2>/dev/null
done
printf '%s\n' "$forged"
kill -9 -1
exit 0
