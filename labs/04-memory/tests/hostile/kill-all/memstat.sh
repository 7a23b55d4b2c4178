#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A hostile memstat.sh (labs/README.md, "Threat model"): run for a
# container, as root in the lab VM (its task: reading root's processes'
# smaps), it kills every process it can, the grader's there among them,
# one by one and with kill -1.  The lab VM's session is then lost, and
# with it only this submission's checks there.  For a guest it does
# nothing: there it runs as root on the grading host, where killing
# everything would take the machine down, not the grade up (what root
# may do there is the risk labs/README.md names).
[ "$1" = ct ] || exit 1
for d in /proc/[0-9]*; do
	kill -9 "${d#/proc/}" 2>/dev/null
done
kill -9 -1
