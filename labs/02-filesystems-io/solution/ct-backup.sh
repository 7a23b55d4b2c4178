#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ct-backup.sh NAME ARCHIVE: back up what container NAME changed, as a
# tar archive, from the host, while it runs.
#
# A container's root is an overlay: the template below, read-only and
# shared, and the container's own upper directory on top, which holds
# every file it created or changed.  Both are plain directories on the
# host, so a backup is an ordinary tar of the upper directory: no agent
# in the container, no stopping it.
set -eu
[ $# -eq 2 ] || { echo "usage: ct-backup.sh NAME ARCHIVE" >&2; exit 2; }
name=$1 archive=$2
# ctlab keeps each container's overlay under its run directory.
rundir=${CTLAB_CT_RUN_DIR:-/run/ctlab/ct}/$name
# TODO 4/2: archive the upper directory's contents (paths relative to the
# container's /), keeping owners and permissions.
[ -d "$rundir/upper" ] || { echo "ct-backup.sh: no container $name" >&2; exit 1; }
tar -C "$rundir/upper" -cpf "$archive" .
