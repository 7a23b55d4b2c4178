# SPDX-License-Identifier: GPL-2.0
"""gradelib.main: `labs/NN-topic/grade`, the command.

  grade [--submission DIR] [--results DIR] [--state DIR] [--seed N]
        [--only CHECK,...]
  grade --list            the checks: points, where, timeout, flags
                          (given, measures, after_due_date)
  grade --points-table    the handout's table of points, from the checks
  grade --check-handout   does the handout (README.md) show that table?
  grade --kernel          the lab VM's kernel series

1. The submission is rebuilt in the state directory (upload.py).
2. The host's checks run, then the lab's @prepare hook, in one process.
3. Each VM session boots a fresh lab VM whose one grader process runs
   the session's @setup hook and checks (`grade --in-vm SESSION`).
4. report.py adds it all up.
Exit status: 0 if it graded, whatever the score; 1 if it could not (it
says why, and still writes its results); 2 for a usage error.
"""
import argparse
import json
import os
import secrets
import shutil
import signal
import sys
import time

from . import channel, collect, inputs, report, sandbox, session, upload
from .context import ctx

NEEDS = {
	"userland": (lambda: os.access(ctx.ctlab, os.X_OK),
		     "build/userland/ctlab (make userland)"),
	"template": (lambda: os.access(ctx.template + "/bin/busybox", os.X_OK),
		     "the container template (make template)"),
	"guest": (lambda: os.path.isfile(ctx.build + "/images/guest/vmlinux") and
		  os.path.isfile(ctx.build + "/images/guest/initramfs.cpio"),
		  "the guest image (make guest)"),
	"module": (lambda: os.path.isfile("%s/module/%s/ctlab.ko" % (ctx.build, ctx.krel)),
		   "ctlab.ko for the lab kernel (make -C module KVER=...)"),
	"kernel": (lambda: os.path.isfile(ctx.headers() + "/Makefile"),
		   "the lab kernel's headers (make deps)"),
}


def die(msg):
	print("grade: " + msg, file=sys.stderr)
	sys.exit(2)


def list_checks(lab):
	print("%-20s %6s  %-8s %7s  %s" % ("CHECK", "POINTS", "WHERE", "TIMEOUT", "FLAGS"))
	for c in lab.checks:
		flags = ("given " if c.given else "") + ("measures " if c.measures else "") + \
			("after_due_date" if c.hidden else "")
		print("%-20s %6s  %-8s %6ss  %s" % (c.name, report.fmt(c.points),
						   c.where, c.timeout, flags))


def main(lab, argv):
	ap = argparse.ArgumentParser(prog="grade")
	ap.add_argument("--submission")
	ap.add_argument("--results")
	ap.add_argument("--state")
	ap.add_argument("--seed", type=int)
	ap.add_argument("--only", default="")
	ap.add_argument("--list", action="store_true")
	ap.add_argument("--points-table", action="store_true")
	ap.add_argument("--check-handout", action="store_true")
	ap.add_argument("--kernel", action="store_true")
	ap.add_argument("--in-vm", metavar="SESSION")
	args = ap.parse_args(argv)
	ctx.lab_dir = os.path.dirname(os.path.realpath(sys.argv[0]))
	ctx.kernel = lab.kernel
	if args.list:
		return list_checks(lab)
	if args.points_table:
		return print(lab.points_table(), end="")
	if args.kernel:
		return print(lab.kernel)
	if args.check_handout:
		return check_handout(lab)
	if args.in_vm:
		return in_vm(lab, args.in_vm, args.state)
	grade(lab, args)


def check_handout(lab):
	"""Does the handout's points table say what the checks declare?"""
	import difflib
	handout = os.path.join(ctx.lab_dir, "README.md")
	have, want = lab.handout_table(handout), lab.points_table()
	if have == want:
		return
	print("%s: its points table is not the grader's; put in `grade --points-table`:"
	      % handout)
	sys.stdout.writelines(difflib.unified_diff(
		have.splitlines(True), want.splitlines(True), "README.md", "grade"))
	sys.exit(1)


def select(lab, only):
	names = [n for n in only.split(",") if n]
	for n in names:
		if not lab.by_name(n):
			die("--only: no check %s" % n)
	ctx.only = names
	return [c for c in lab.checks if not names or c.name in names]


def prepare_state(path):
	"""The state directory, wiped, unless it holds something else."""
	if os.path.isdir(path) and os.listdir(path) and \
	   not os.path.isfile(os.path.join(path, "run.json")) and \
	   not os.path.isdir(os.path.join(path, "checks")):
		die("--state %s: not empty and not a grading state directory; it would be wiped" % path)
	shutil.rmtree(path, ignore_errors=True)
	os.makedirs(path)
	# Others may pass through to the submission (student code does,
	# where it cannot be given a view of its own), never list or read.
	os.chmod(path, 0o711)
	return os.path.realpath(path)


def grade(lab, args):
	t0 = time.monotonic()
	signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
	os.umask(0o077)		# what the grader writes is the grader's alone
	upload_dir = args.submission or os.path.join(ctx.lab_dir, "work")
	if not os.path.isdir(upload_dir):
		die("no submission directory %s (make lab LAB=%s creates labs/%s/work)"
		    % (upload_dir, lab.name[:2], lab.name))
	upload_dir = os.path.realpath(upload_dir)
	checks = select(lab, args.only)
	ctx.seed = args.seed if args.seed is not None else secrets.randbelow(65536)
	results = args.results or os.path.join(ctx.build, "labs", lab.name, "results")
	ctx.state = prepare_state(args.state or os.path.join(ctx.build, "labs", lab.name, "grading"))
	ctx.sub = os.path.join(ctx.state, "submission")
	ctx.student_uid = sandbox.run_uid(os.getpid())
	os.makedirs(ctx.sub)
	col = collect.Collector(lab)
	ready = upload.rebuild(upload_dir, ctx.lab_dir, ctx.state, ctx.sub, col.general)
	sandbox.give_to_student(ctx.sub)
	ready = check_needs(lab, col.general) and ready
	if not sandbox.available():
		col.general.append("not sandboxed: grading as a normal user, your code ran as you")
	elif not sandbox.can_mount():
		col.general.append("your code ran as an unprivileged user, without a view of its own "
				   "(this machine allows no mount namespace)")
	with open(os.path.join(ctx.state, "run.json"), "w") as f:
		json.dump({"seed": ctx.seed, "only": ctx.only, "krel": ctx.krel,
			   "sub": ctx.sub, "uid": ctx.student_uid}, f)
	if ready:
		host = [c for c in checks if c.where == "host"]
		col.host_session(host, with_prepare=True)
		script = os.path.realpath(sys.argv[0])
		for name in lab.sessions():
			mine = [c for c in checks if c.where == name]
			if mine:
				col.vm_session(name, mine, script)
		col.write_times(os.path.join(ctx.state, "times.txt"))
	else:
		for c in checks:
			col.outcomes[c.name].stopped = "not run: the grader could not start (see above)"
	header = ("Lab %s, graded from %s (seed %d; `grade --seed %d` repeats its inputs)"
		  % (lab.name, upload_dir, ctx.seed, ctx.seed))
	report.write(lab, col, header, results, time.monotonic() - t0, ctx.seed, checks)
	print("results: %s/results.json, TAP: %s/grade.tap, state: %s"
	      % (results, results, ctx.state))
	sys.exit(0 if ready else 1)


def check_needs(lab, general):
	release = os.path.join(ctx.kernel_dir(), "release")
	missing = []
	if os.path.isfile(release):
		with open(release) as f:
			ctx.krel = f.read().strip()
	else:
		missing.append("the lab VM's kernel %s (make deps)" % ctx.kernel)
	for what in lab.needs:
		test, name = NEEDS[what]
		if not test():
			missing.append(name)
	general += ["GRADER ERROR: missing " + m for m in missing]
	return not missing


def in_vm(lab, name, state):
	"""In a fresh lab VM: this session's setup and checks, reported over
	the console, which this process alone holds."""
	ctx.in_vm = True
	ctx.state = state
	os.umask(0o077)
	with open(os.path.join(state, "run.json")) as f:
		run = json.load(f)
	with open(os.path.join(state, "facts.json")) as f:
		inputs.load_facts(json.load(f))
	ctx.seed, ctx.only, ctx.krel, ctx.sub = run["seed"], run["only"], run["krel"], run["sub"]
	ctx.student_uid = run["uid"]
	nonce = os.environ.pop("CTLAB_GRADE_NONCE", "")
	# The console stays ours alone: a copy kept for the records, and
	# anything else this process or its children print goes to a log.
	chan = os.dup(1)
	log = os.open(os.path.join(state, "vm-" + name, "grader.log"),
		      os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
	os.dup2(log, 1)
	os.dup2(log, 2)
	os.set_inheritable(chan, False)
	# Only emergencies on the console: a kernel message in the middle
	# of a record would spoil it.
	with open("/proc/sys/kernel/printk", "w") as f:
		f.write("1")
	channel.open_channel(chan, nonce)
	if name in lab.setups:
		session.run_hook("setup_" + name, lab.setups[name])
	session.run_checks([c for c in lab.checks if c.where == name and
			    (not ctx.only or c.name in ctx.only)])
	channel.send({"t": "done"})
	sys.stdout.flush()
