# SPDX-License-Identifier: GPL-2.0
#
# ctlab: the top level only delegates.  kbuild, vm-images/Makefile and
# tests/Makefile own the real dependencies, so every target here is phony.
#
#   make test          the whole suite (installs what it needs first)
#   make vm            a shell in the lab VM, module and ctlab built and ready
#   make module        ctlab.ko (KVER=6.1|6.12|host or KDIR=/path)
#   make userland      libctlab and the ctlab command (build/userland/)
#   make guest         the QEMU guest image `ctlab vm` boots (build/images/guest/)
#   make template      the containers' root template (build/images/template/)
#   make bench         benchmarks: medians and ratios, measured in one run
#   make deps          Debian packages and the lab VM's kernels
#   make clean         remove build/ (downloaded kernels included)

# The lab VM's kernel for `make vm`; `make module` picks its own default.
VM_KVER = $(or $(KVER),6.1)

.PHONY: all deps module userland guest template vm test bench clean
all: module userland guest template

deps:
	vm-images/deps

module: deps
	$(MAKE) -C module

userland: deps
	$(MAKE) -C userland

guest: deps
	$(MAKE) -C vm-images guest

template: deps
	$(MAKE) -C vm-images template

vm: deps userland template
	$(MAKE) -C module KVER=$(VM_KVER)
	vm-images/labvm shell --kernel $(VM_KVER)

test: deps userland guest template
	tests/run

bench: deps userland guest template
	tests/bench/run

clean:
	rm -rf build module/ctlab.ko
