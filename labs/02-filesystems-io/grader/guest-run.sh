#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run in a lab 02 guest by the grader, from its disk (/mnt/disk), as
# root: the student's fsbench once alone, with the disk's flush count
# around it, then PAIRED rounds of the student's and the grader's own,
# the order alternating, then ALONE runs of the grader's.  Prints
# "R key=value" lines; the grader judges the medians.  The student's
# fsbench runs as a user of its own (uid 64000, in w/), which cannot
# write the console; whatever it leaves running is killed after it, and
# of its output only its figures are kept.
#   sh /mnt/disk/guest-run.sh N NAME PAIRED ALONE
n=$1 name=$2 paired=$3 alone=$4
cd /mnt/disk || exit 1
echo "student:x:64000:64000::/mnt/disk/w:/bin/sh" >>/etc/passwd
# The initramfs's root is 0700 (made in a mktemp -d): others could not
# reach /bin/sh.
chmod 755 /
# Flush requests completed by vda: the 16th figure after the name
# (Documentation/admin-guide/iostats.rst).
flushes() { awk '$3 == "vda" { print $19 }' /proc/diskstats; }
# Of what it prints, only its figures, and at most 10 s of it (it takes
# a fraction of a second): a student's flood or hang must not hide the
# grader's own lines.  A first run that hangs has no rounds after it.
student() {
	# setsid, </dev/null: no terminal, so nothing of it reaches the
	# console, where the grader reads the "R" lines.
	timeout -s KILL 10 busybox setsid su -s /bin/sh student -c "./fsbench w/$name $n" \
		</dev/null >/tmp/student.out 2>&1
	status=$?
	su -s /bin/sh student -c 'kill -9 -1' 2>/dev/null
	grep -E '^(ops|bytes|median_us|ops_per_s)=' /tmp/student.out | head -n 8 |
		sed 's/^/R student./'
}
reference() { ./refbench ref.dat "$n" | sed 's/^/R ref./'; }
before=$(flushes)
student >/dev/null
[ $status = 137 ] && paired=0
after=$(flushes)
echo "R flushes=$((after - before))"
echo "R size=$(wc -c <"w/$name")"
i=0
while [ $i -lt "$paired" ]; do
	if [ $((i % 2)) = 0 ]; then student; reference; else reference; student; fi
	i=$((i + 1))
done
i=0
while [ $i -lt "$alone" ]; do reference; i=$((i + 1)); done
