#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run by lab 06's grader where the student's client is measured away
# from this machine: in a guest (from its disk) and in a container (from
# its root), with the student's netbench and the grader's own (refbench)
# in DIR, with asuser (labs/lib/grader/asuser.c), which runs the
# student's as UID, at most 20 s, and kills whatever it left when it ends:
#
#   sh rounds.sh DIR HOST PORT_STUDENT PORT_REF N SIZE MIB ROUNDS UID [LOMIB]
#
# ROUNDS rounds, each of: the grader's client on this kernel's own
# loopback (the baseline), then the grader's client and the student's
# to HOST, the other end of the path measured, where two of the grader's
# peers listen, one for each, so that each one's connections can be
# counted.  From a guest, HOST is 10.0.2.2, which QEMU's user-mode
# network turns into the host's 127.0.0.1; from a container, the host's
# end of its veth.  Everything one after the other, each run right
# beside the one it is compared with (the grader's loopback run and its
# run through the path; its run and the student's), so that a burst of
# load elsewhere hits both alike.  Prints
# "R WHO.ROUND.key=value" lines (WHO: lo, student, ref), which the
# grader compares round by round.  The bulk runs send MIB MiB, on the
# loopback LOMIB (default MIB: a guest's loopback is ten times as fast
# as its NIC, and a run of a few ms would measure little).
dir=$1 host=$2 ps=$3 pr=$4 n=$5 size=$6 mib=$7 rounds=$8 uid=$9 lomib=${10:-$7}
lport=5006
cd "$dir" || exit 1

# The path: an e1000's link comes up about a second after boot.
i=0
until ping -c 1 -W 1 "$host" >/dev/null 2>&1 || [ $i -ge 20 ]; do
	i=$((i + 1))
done
echo "R link_tries=$i"
[ -e /sys/class/net/eth0/device/driver ] &&
	echo "R nic=$(readlink /sys/class/net/eth0/device/driver | sed 's|.*/||')"

./refbench server $lport 2>/dev/null &
server=$!
i=0
until netstat -ltn | grep -q ":$lport " || [ $i -ge 50 ]; do
	usleep 100000
	i=$((i + 1))
done
# The first transfer after boot is slow (the first touches of the socket
# buffers, under emulation): one that does not count.
./refbench bulk 127.0.0.1 $lport "$lomib" >/dev/null

# run WHO COMMAND...: COMMAND's lines as "R WHO.ROUND.line" (read back
# by the shell, not piped through sed: under emulation every process
# costs).
out=/tmp/rounds.$$
run() {
	who=$1
	shift
	# A file of its own each time: a process left from an earlier run
	# still writes to the one it had, unlinked.
	rm -f $out
	"$@" >$out 2>&1
	while IFS= read -r line; do
		echo "R $who.$r.$line"
	done <$out
}

r=1
while [ $r -le "$rounds" ]; do
	run lo ./refbench ping 127.0.0.1 $lport "$n" "$size"
	run ref ./refbench ping "$host" "$pr" "$n" "$size"
	run student ./asuser 20 "$uid" ./netbench ping "$host" "$ps" "$n" "$size"
	run lo ./refbench bulk 127.0.0.1 $lport "$lomib"
	run ref ./refbench bulk "$host" "$pr" "$mib"
	run student ./asuser 20 "$uid" ./netbench bulk "$host" "$ps" "$mib"
	r=$((r + 1))
done
rm -f $out
kill $server
