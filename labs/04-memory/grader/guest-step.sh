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
# machine is slow), and then reports in "R NONCE key=value" lines
# (STEP_NONCE, in its environment: the grader's word for this guest,
# which memwork cannot read and so cannot forge a report with): memwork's
# state (its last line, or "gone"), its VmSize and Rss (smaps_rollup: the
# page tables' count), the guest's MemTotal and MemFree, and whether the
# balloon device offers free page reporting.  memwork runs on in the
# background between two steps, as a user of its own (uid 64000, not
# root: the guest's console, where the reports go, is root's), in a
# session of its own with no terminal, under the grader's limits
# (STEP_LIMITS, ulimit commands); its PID and output are in /tmp.
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

# say KEY=VALUE: one report.
say() { echo "R $STEP_NONCE $1"; }

start() {
	grep -q '^memwork:' /etc/passwd ||
		echo 'memwork:x:64000:64000:memwork:/tmp:/bin/sh' >>/etc/passwd
	# The initramfs's root is 0700 (its staging directory's mode).
	chmod 755 /
	# env, setsid and su exec each other, and the shell execs memwork: $!
	# is memwork's PID.  Its limits (STEP_LIMITS, ulimit commands) are
	# the grader's.  It gets nothing else of root's shell: an environment
	# of its own (not STEP_NONCE), a session of its own with no terminal
	# and /dev/null for input, so that it can neither write the console,
	# where the reports go, nor push input into this shell.
	env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin setsid \
		su -s /bin/sh memwork -c "$STEP_LIMITS; exec /mnt/disk/$1 $2" \
		</dev/null >"$out" 2>&1 &
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
	say "state=$(tail -n 1 "$out" | cut -d= -f1)"
	say "vmsize_kb=$(awk '$1 == "VmSize:" { print $2 }' "/proc/$pid/status")"
	say "rss_kb=$(awk '$1 == "Rss:" { print $2 }' "/proc/$pid/smaps_rollup")"
else
	say state=gone
fi
say "memtotal_kb=$(mem MemTotal)"
say "memfree_kb=$(mem MemFree)"
# The balloon is virtio device 5; feature bit 5 is free page reporting.
for d in /sys/bus/virtio/devices/*; do
	[ "$(cat "$d/device")" = 0x0005 ] &&
		say "reporting=$(cut -c6 "$d/features")"
done
exit 0
