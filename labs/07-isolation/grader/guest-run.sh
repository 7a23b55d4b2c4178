#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run in a lab 07 guest by the grader, from the guest's disk (/mnt/disk),
# which holds the grader's refprobe and refvictim and, when the student's
# are graded, their probe and victim.  Every line of output starts with
# who printed it: "R1 " and "R2 " the grader's programs, before and after
# "S " the student's.  The last line is END, so that the grader, which
# reads the output through the guest's console, knows it has all of it.
#
#   sh /mnt/disk/guest-run.sh probe WORD...   refprobe, probe, refprobe
#   sh /mnt/disk/guest-run.sh victim N P W    refvictim, victim, refvictim
#   sh /mnt/disk/guest-run.sh ref N P W       refvictim twice
#
# One after the other, never at once: the guest has one CPU, and two
# victims would be each other's noisy neighbour.  The student's programs
# get 30 s each (busybox's timeout): one that hangs must not keep the
# grader's second run, and END, from coming.
cd /mnt/disk || exit 1
what=$1
shift
case $what in
probe)
	./refprobe "$@" 2>&1 | sed 's/^/R1 /'
	[ -x ./probe ] && timeout 30 ./probe "$@" 2>&1 | sed 's/^/S /'
	./refprobe "$@" 2>&1 | sed 's/^/R2 /'
	;;
victim)
	./refvictim "$@" 2>&1 | sed 's/^/R1 /'
	[ -x ./victim ] && timeout 30 ./victim "$@" 2>&1 | sed 's/^/S /'
	./refvictim "$@" 2>&1 | sed 's/^/R2 /'
	;;
ref)
	./refvictim "$@" 2>&1 | sed 's/^/R1 /'
	./refvictim "$@" 2>&1 | sed 's/^/R2 /'
	;;
esac
echo END
