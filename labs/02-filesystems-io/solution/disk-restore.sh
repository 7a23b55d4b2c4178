#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# disk-restore.sh ARCHIVE IMAGE [SIZE]: make a new guest disk image, ext4
# of SIZE (default 64M), holding the files of a disk-backup.sh archive.
#
# mke2fs -d fills a new file system from a directory as it makes it (the
# way vm-images/mkguest-disk makes the guest's disk): no root, no mount.
set -eu
[ $# -ge 2 ] || { echo "usage: disk-restore.sh ARCHIVE IMAGE [SIZE]" >&2; exit 2; }
archive=$1 image=$2 size=${3:-64M}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# TODO 7/2: unpack the archive, keeping permissions, and make IMAGE from it.
tar -C "$tmp" -xpf "$archive"
mke2fs -q -F -t ext4 -d "$tmp" "$image" "$size" >/dev/null
