#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# setup.sh: Gradescope runs this once, as root, while it builds a lab's
# autograder image (Ubuntu, 22.04 or later; labs/README.md says what else
# it assumes).  Made by labs/lib/mkautograder, beside run_autograder.
#
# It installs what ctlab builds and runs with, unpacks ctlab into
# /autograder/ctlab (with the Debian kernel and guest image built by the
# instructor), builds the rest there as `make` would, and boots the lab VM
# once to prove the image can run QEMU.  AUTOGRADER_ROOT stands in for
# /autograder when trying it elsewhere; AUTOGRADER_NO_APT=1 skips apt.
set -euxo pipefail

source_dir=$(cd "$(dirname "$0")" && pwd)
root=${AUTOGRADER_ROOT:-/autograder}
top=$root/ctlab

# vm-images/deps' list, in Ubuntu's names, less what is only needed to
# build the kernels that come prebuilt.
packages=(
	build-essential bc bison flex libelf-dev gcc-12 dwarves
	qemu-system-x86 busybox-static cpio kmod xz-utils zstd e2fsprogs
	libkmod-dev libncurses-dev check pkg-config libjansson-dev
	jq zip util-linux procps patch python3
)
if [ -z "${AUTOGRADER_NO_APT-}" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

rm -rf "$top"
mkdir -p "$top"
tar -C "$root" -xJf "$source_dir/ctlab.tar.xz"

# The headers' Makefile includes its other half by absolute path, which
# vm-images/deps pointed at the instructor's checkout.
for k in "$top"/build/kernels/*/; do
	release=$(cat "$k/release")
	sed -i "s|^include .*/usr/src/|include ${k%/}/usr/src/|" \
		"$k/usr/src/linux-headers-$release/Makefile"
	series=$(basename "$k")
	make -C "$top/vm-images" initramfs template KVER="$series"
	make -C "$top/module" KVER="$series"
done
make -C "$top/userland"

# Student code runs as an unprivileged user; where this image cannot give
# it a mount namespace of its own, these modes alone keep the kit's
# solutions, graders and reference module from it (labs/README.md,
# "Threat model").  The grader runs as root and reads them still.
chmod -R go-rwx "$top/labs" "$top/module" "$source_dir"

# The lab VM boots here, or nothing will grade.
"$top/vm-images/labvm" run --timeout 300 -- true
