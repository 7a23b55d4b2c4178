#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run in a lab 02 guest by the grader, from its disk (/mnt/disk): the
# student's fsbench once alone, with the disk's flush count around it,
# then three rounds of the student's and the grader's own, one after the
# other.  Prints "R key=value" lines; the grader keeps the best (smallest)
# median of each.
#   sh /mnt/disk/guest-run.sh N NAME
n=$1 name=$2
cd /mnt/disk || exit 1
# Flush requests completed by vda: the 16th figure after the name
# (Documentation/admin-guide/iostats.rst).
flushes() { awk '$3 == "vda" { print $19 }' /proc/diskstats; }
before=$(flushes)
./fsbench "$name" "$n" >/dev/null 2>&1
after=$(flushes)
echo "R flushes=$((after - before))"
echo "R size=$(wc -c <"$name")"
for i in 1 2 3; do
	./fsbench "$name" "$n" 2>&1 | sed 's/^/R student./'
	./refbench ref.dat "$n" | sed 's/^/R ref./'
done
