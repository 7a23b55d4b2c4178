# SPDX-License-Identifier: GPL-2.0
#
# ctlab: the top level only delegates.  kbuild, vm-images/Makefile and
# tests/Makefile own the real dependencies, so every target here is phony.
#
#   make demo          the dashboard on live containers and a guest, in the
#                      lab VM (HOST=1: on this machine's kernel)
#   make test          the whole suite (installs what it needs first)
#   make vm            a shell in the lab VM, module and ctlab built and ready
#   make module        ctlab.ko (KVER=6.1|6.12|host or KDIR=/path)
#   make userland      libctlab and the ctlab command (build/userland/)
#   make install       ctlab, its man pages, completion and udev rule
#                      (PREFIX=/usr/local, DESTDIR=; module/dkms.conf: the module)
#   make guest         the QEMU guest image `ctlab vm` boots (build/images/guest/)
#   make template      the containers' root template (build/images/template/)
#   make bench         benchmarks: medians and ratios, measured in one run
#   make noise-trial   every lab graded 10 times beside a CPU hog (hours):
#                      does noise move a grade?  (labs/lib/noise-trial)
#   make skel          the labs' skeletons, from their solutions (build/labs/)
#   make lab LAB=NN    labs/NN-topic/work/: a student's copy of lab NN
#   make grade LAB=NN  grade it (SUBMISSION=DIR: another directory)
#   make grade-class LAB=NN SUBMISSIONS=DIR [JOBS=N] [SLURM=1]
#                      a class's submissions, a folder each: grades.csv
#   make autograder LAB=NN   lab NN's Gradescope package (build/labs/)
#   make deps          Debian packages and the lab VM's kernels
#   make clean         remove build/ (downloaded kernels included)

# The lab VM's kernel for `make vm`; `make module` picks its own default.
VM_KVER = $(or $(KVER),6.1)

.PHONY: all deps module userland install guest template vm demo test bench \
	clean skel lab grade grade-class autograder noise-trial
all: module userland guest template

deps:
	vm-images/deps

module: deps
	$(MAKE) -C module

userland: deps
	$(MAKE) -C userland

install: userland
	$(MAKE) -C userland install

guest: deps
	$(MAKE) -C vm-images guest

template: deps
	$(MAKE) -C vm-images template

vm: deps userland template
	$(MAKE) -C module KVER=$(VM_KVER)
	vm-images/labvm shell --kernel $(VM_KVER)

# HOST=1: the running kernel's module (make module builds it by default).
demo: deps userland guest template
	$(if $(HOST),demo/run --check-host)
	$(MAKE) -C module KVER=$(if $(HOST),host,$(VM_KVER))
	KVER=$(VM_KVER) demo/run $(if $(HOST),--host)

test: deps userland guest template
	tests/run

bench: deps userland guest template
	tests/bench/run

# The labs (labs/Makefile).  Grading runs the lab VM on 6.1 with ctlab,
# the template and a guest: build them first.
skel:
	$(MAKE) -C labs skel

lab:
	$(MAKE) -C labs lab LAB=$(LAB)

grade: deps userland template guest
	$(MAKE) -C module KVER=6.1
	$(MAKE) -C labs grade LAB=$(LAB) $(if $(SUBMISSION),SUBMISSION=$(abspath $(SUBMISSION)))

grade-class: deps userland template guest
	$(MAKE) -C module KVER=6.1
	$(MAKE) -C labs grade-class LAB=$(LAB) $(if $(SUBMISSIONS),SUBMISSIONS=$(abspath $(SUBMISSIONS))) \
		$(if $(OUT),OUT=$(abspath $(OUT)))

autograder: deps userland template guest
	$(MAKE) -C module KVER=6.1
	$(MAKE) -C labs autograder LAB=$(LAB)

noise-trial: deps userland template guest
	$(MAKE) -C module KVER=6.1
	labs/lib/noise-trial $(if $(RUNS),--runs $(RUNS)) $(LAB)

clean:
	rm -rf build module/ctlab.ko
