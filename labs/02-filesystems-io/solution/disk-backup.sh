#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# disk-backup.sh IMAGE ARCHIVE: back up the files of a guest's disk image
# (ext4, the file behind its virtio-blk disk) as a tar archive.
#
# A guest's root is a block device: to the host, one big file of blocks.
# Its files exist only as the guest's file system lays them out in those
# blocks, so the host needs a program that reads ext4 to see them:
# debugfs (e2fsprogs) can, without root, a loop device or a mount.  Do it
# only while no guest writes to the image: the host cannot see what the
# guest's kernel still holds in its own page cache.
set -eu
[ $# -eq 2 ] || { echo "usage: disk-backup.sh IMAGE ARCHIVE" >&2; exit 2; }
image=$1 archive=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# TODO 6/2: copy the image's files out with debugfs's rdump, then tar them
# up, keeping permissions.
debugfs -R "rdump / $tmp" "$image" >/dev/null 2>&1
tar -C "$tmp" -cpf "$archive" .
