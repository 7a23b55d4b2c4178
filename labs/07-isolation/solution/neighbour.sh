#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# neighbour.sh: the noisy neighbour, a container that wants everything.
#
#   neighbour.sh start NAME         a container NAME that keeps every CPU
#                                   busy and churns through memory
#   neighbour.sh limit NAME CPUS    cap the CPU time it may use at CPUS
#                                   CPUs' worth (0.5: half of one)
#   neighbour.sh stop NAME          end it and remove it
#
# Run it on the lab VM's host, as root, after `ctlab module load`.  It
# runs the ctlab named by $CTLAB (default: ctlab on the PATH).  A
# container sees every CPU of its kernel (nproc in it says how many), and
# nothing but a cgroup limit stops it from using them all: the CPU time
# it takes is what the other containers on that kernel do not get.
set -eu
ctlab=${CTLAB:-ctlab}
usage() {
	echo "usage: neighbour.sh start NAME | limit NAME CPUS | stop NAME" >&2
	exit 2
}
[ $# -ge 2 ] || usage
name=$2

case $1 in
start)
	# TODO 7/4: start container $name detached (ctlab run -d), running
	# a shell that starts one `cpuburn` per online CPU (nproc), in the
	# background, and then runs `memhog 32` over and over: each run
	# touches 32 MiB, page by page, and gives it back when it exits.
	"$ctlab" run -d "$name" sh -c '
		n=$(nproc)
		while [ "$n" -gt 0 ]; do cpuburn >/dev/null & n=$((n - 1)); done
		while :; do memhog 32 >/dev/null; done' >/dev/null
	;;
limit)
	[ $# -eq 3 ] || usage
	# TODO 7/1: limit it to $3 CPUs (ctlab limit, --cpus).
	"$ctlab" limit "$name" --cpus "$3"
	;;
stop)
	# TODO 7/1: remove it (ctlab rm -f kills whatever still runs in it).
	"$ctlab" rm -f "$name" >/dev/null
	;;
*)
	usage
	;;
esac
