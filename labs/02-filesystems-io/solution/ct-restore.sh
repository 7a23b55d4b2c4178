#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ct-restore.sh ARCHIVE NAME: put the files of a ct-backup.sh archive back
# into container NAME, a running container fresh from the template.
#
# Writing into NAME's upper directory behind the overlay's back is not
# allowed while the overlay is mounted (the kernel may have cached what
# was there).  The merged root is reachable from the host too, as
# /proc/PID/root of any process in the container: extracting there goes
# through the overlay, as a write from inside would.
set -eu
[ $# -eq 2 ] || { echo "usage: ct-restore.sh ARCHIVE NAME" >&2; exit 2; }
archive=$1 name=$2
ctlab=${CTLAB:-ctlab}
# TODO 5/3: find the PID of NAME's init (ctlab ps --json; jq reads JSON)
# and extract the archive into its root, keeping modes and owners.
pid=$("$ctlab" ps --json | jq -r --arg n "$name" '.[] | select(.name == $n) | .init_pid')
[ -n "$pid" ] || { echo "ct-restore.sh: no container $name" >&2; exit 1; }
tar -C "/proc/$pid/root" -xpf "$archive"
