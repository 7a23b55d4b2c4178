#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run in a lab 04 guest by the grader, from its disk (/mnt/disk), as the
# script of `ctlab vm console NAME --timeout SEC`: one step of memwork's
# life, then what the guest's kernel says about it.
#
#   sh guest-step.sh start PROGRAM MIB   PROGRAM MIB (a memwork), until "mapped"
#   sh guest-step.sh touch|free          SIGUSR1, until its next line
#   sh guest-step.sh oom PROGRAM LESS    PROGRAM (MemTotal - LESS MiB), then
#                                        SIGUSR1: until it is gone, or
#                                        has touched it all
#
# Each waits in the foreground, for a minute at most (a guest on a busy
# machine is slow), and then reports in "R key=value" lines: memwork's
# state (its last line, or "gone"), its VmSize and Rss (smaps_rollup: the
# page tables' count), the guest's MemTotal and MemFree, and whether the
# balloon device offers free page reporting.  memwork runs on in the
# background between two steps; its PID and output are in /tmp.
cd /tmp || exit 1
out=/tmp/memwork.out
pid=$(cat /tmp/memwork.pid 2>/dev/null)

# wait_for KEY: until memwork prints KEY=, or is gone (at most 60 s).
wait_for() {
	i=0
	while [ $i -lt 300 ]; do
		grep -q "^$1=" "$out" 2>/dev/null && return 0
		[ -n "$pid" ] && [ -d "/proc/$pid" ] || return 0
		usleep 200000
		i=$((i + 1))
	done
}

mem() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }

start() {
	"/mnt/disk/$1" "$2" >"$out" 2>&1 &
	pid=$!
	echo "$pid" >/tmp/memwork.pid
	wait_for mapped
}

case $1 in
start) start "$2" "$3" ;;
touch) kill -USR1 "$pid" && wait_for touched ;;
free) kill -USR1 "$pid" && wait_for freed ;;
oom)
	start "$2" $(($(mem MemTotal) / 1024 - $3))
	kill -USR1 "$pid"
	wait_for touched ;;
*) echo "usage: guest-step.sh start|touch|free|oom" >&2; exit 2 ;;
esac

if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then
	echo "R state=$(tail -n 1 "$out" | cut -d= -f1)"
	echo "R vmsize_kb=$(awk '$1 == "VmSize:" { print $2 }' "/proc/$pid/status")"
	echo "R rss_kb=$(awk '$1 == "Rss:" { print $2 }' "/proc/$pid/smaps_rollup")"
else
	echo "R state=gone"
fi
echo "R memtotal_kb=$(mem MemTotal)"
echo "R memfree_kb=$(mem MemFree)"
# The balloon is virtio device 5; feature bit 5 is free page reporting.
for d in /sys/bus/virtio/devices/*; do
	[ "$(cat "$d/device")" = 0x0005 ] &&
		echo "R reporting=$(cut -c6 "$d/features")"
done
exit 0
