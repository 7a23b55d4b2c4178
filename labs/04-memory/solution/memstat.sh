#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memstat.sh ct NAME: what container NAME's processes hold, from the host.
# memstat.sh vm NAME: what guest NAME's QEMU holds, from the host.
#
# The ground truth, read from /proc and the cgroup files, not from ctlab:
# the grader compares it with ctlab's own accounting (`ctlab stats`,
# `ctlab vm stats`), as the detail pane of `ctlab top` does.  It prints
# one key=value a line, sizes in KiB (as /proc gives them):
#
#   ct: procs, rss_kb, pss_kb, private_kb (the sums over the container's
#       processes), charge_kb, peak_kb, limit_kb (or "max"), failcnt,
#       oom_kills (its cgroup's)
#   vm: pid, rss_kb, pss_kb, private_kb (QEMU's), ram_kb (the resident
#       part of the guest's RAM), mem_kb (the RAM it was given)
#
# Written for a slow machine: under TCG every command started costs a
# few tens of milliseconds, so the loops use the shell's own read and
# test, and start no process per process.
set -eu

usage() { echo "usage: memstat.sh ct|vm NAME" >&2; exit 2; }
[ $# -eq 2 ] || usage
kind=$1 name=$2
ctlab=${CTLAB:-ctlab}

# rollup FILE: add an smaps_rollup's Rss, Pss and private pages (clean
# and dirty: pages no other process maps) to rss, pss and private.  A
# process may end while we read: then its file is gone, and it adds 0.
rollup() {
	# TODO 5/8: read FILE line by line ("Rss:   123 kB") and add up.
	[ -r "$1" ] || return 0
	while read -r key value _; do
		case $key in
		Rss:) rss=$((rss + value)) ;;
		Pss:) pss=$((pss + value)) ;;
		Private_Clean: | Private_Dirty:) private=$((private + value)) ;;
		esac
	done <"$1" 2>/dev/null || true
	# SKEL: : "$1"
}

rss=0 pss=0 private=0
case $kind in
ct)
	# TODO 4/4: the container's init, as the host numbers it: init_pid
	# in `ctlab ps --json` (jq picks it out).
	init=$("$ctlab" ps --json | jq -r --arg n "$name" \
		'.[] | select(.name == $n and .state == "running") | .init_pid')
	[ -n "$init" ] ||
		{ echo "memstat.sh: no running container $name" >&2; exit 1; }
	# SKEL: init=1
	procs=0
	for dir in /proc/[0-9]*; do
		# TODO 5/3: a member is a process in the init's PID namespace:
		# test -ef says whether two ns links are the same namespace.
		# shellcheck disable=SC3013 # dash, bash and busybox have -ef
		[ "$dir/ns/pid" -ef "/proc/$init/ns/pid" ] || continue
		procs=$((procs + 1))
		rollup "$dir/smaps_rollup"
		# SKEL: : "$dir"
	done
	echo "procs=$procs"
	echo "rss_kb=$rss"
	echo "pss_kb=$pss"
	echo "private_kb=$private"
	cg=/sys/fs/cgroup/ctlab/$name
	charge=0 peak=0 limit=max failcnt=0 oom_kills=0
	# TODO 6/10: the cgroup's figures: memory.current and memory.peak
	# (bytes), memory.max (bytes or "max"), and in memory.events the
	# times it hit memory.max ("max") and the OOM kills ("oom_kill").
	charge=$(($(cat "$cg/memory.current") / 1024))
	peak=$(($(cat "$cg/memory.peak") / 1024))
	read -r limit <"$cg/memory.max"
	[ "$limit" = max ] || limit=$((limit / 1024))
	while read -r key value; do
		case $key in
		max) failcnt=$value ;;
		oom_kill) oom_kills=$value ;;
		esac
	done <"$cg/memory.events"
	echo "charge_kb=$charge"
	echo "peak_kb=$peak"
	echo "limit_kb=$limit"
	echo "failcnt=$failcnt"
	echo "oom_kills=$oom_kills"
	;;
vm)
	run=${CTLAB_RUN_DIR:-/run/ctlab/vm}/$name
	[ -f "$run/vm.json" ] || { echo "memstat.sh: no guest $name" >&2; exit 1; }
	# TODO 7/5: QEMU's PID and the guest's RAM, from vm.json (jq), then
	# QEMU's smaps_rollup, as for a container's processes.
	pid=$(jq -r .pid "$run/vm.json")
	mem=$(($(jq -r .mem "$run/vm.json") / 1024))
	kill -0 "$pid" 2>/dev/null ||
		{ echo "memstat.sh: guest $name is dead" >&2; exit 1; }
	rollup "/proc/$pid/smaps_rollup"
	# SKEL: pid=0 mem=0
	ram=0
	# TODO 8/7: the guest's RAM is one anonymous mapping of QEMU's,
	# exactly mem_kb long: find it in /proc/PID/smaps (a header line
	# "start-end perms offset dev inode [name]", then "Size:", "Rss:"...)
	# and take its Rss.
	size=0
	while read -r key value _; do
		case $key in
		Size:) size=$value ;;
		Rss:) [ "$size" != "$mem" ] || ram=$value ;;
		esac
	done <"/proc/$pid/smaps"
	echo "pid=$pid"
	echo "rss_kb=$rss"
	echo "pss_kb=$pss"
	echo "private_kb=$private"
	echo "ram_kb=$ram"
	echo "mem_kb=$mem"
	;;
*) usage ;;
esac
