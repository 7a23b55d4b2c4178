# SPDX-License-Identifier: GPL-2.0
"""gradelib.system: what checks read from the system, and kernel builds.

Looking from outside (/proc/PID/ns, /proc/PID/mountinfo, the kernel log)
is how a check learns what a student's program did without trusting what
it printed.  Everything here reads files in this process: under TCG each
process started costs a tenth of a second.
"""
import os
import shutil
import tempfile

from .context import ctx
from .run import run, student


def read_text(path, default=""):
	try:
		with open(path, errors="replace") as f:
			return f.read()
	except OSError:
		return default


def mount_points(pid="self"):
	"""The mount points of PID's mount namespace, sorted."""
	return sorted(line.split()[4] for line in
		      read_text("/proc/%s/mountinfo" % pid).splitlines()
		      if len(line.split()) > 4)


def children(pid):
	"""PID's child processes."""
	text = read_text("/proc/%s/task/%s/children" % (pid, pid))
	return [int(x) for x in text.split()]


def ns_id(pid, ns):
	"""PID's namespace NS ("pid:[4026531836]"), or "" if it is gone."""
	try:
		return os.readlink("/proc/%s/ns/%s" % (pid, ns))
	except OSError:
		return ""


def kbuild(directory, timeout=300):
	"""Build the module whose Kbuild is in DIRECTORY against the lab
	kernel's headers (W=1), as the student: a Result."""
	return student(["make", "-C", ctx.headers(), "M=" + directory, "W=1",
			"modules"], timeout, cwd=directory, build=True,
		       expose=[(directory, True), (ctx.kernel_dir(), False)])


_mark = [0]


def dmesg_mark():
	"""A line in the kernel log to look back from (in the lab VM)."""
	_mark[0] += 1
	with open("/dev/kmsg", "w") as f:
		f.write("grade: mark %d.%d\n" % (os.getpid(), _mark[0]))


def dmesg_since_mark():
	lines = run(["dmesg"], 30).out.splitlines()
	tag = "grade: mark %d.%d" % (os.getpid(), _mark[0])
	for i in range(len(lines) - 1, -1, -1):
		if lines[i].endswith(tag):
			return "\n".join(lines[i + 1:])
	return "\n".join(lines)


class VmDir:
	"""Guests of a check's own (`ctlab vm`), in a run directory short-named
	in /tmp (QEMU's socket paths must fit 108 bytes), every one killed
	when the `with` block ends, however it ends."""

	def __enter__(self):
		self.path = tempfile.mkdtemp(prefix="grade-vm.")
		self.env = dict(os.environ, CTLAB_RUN_DIR=self.path)
		return self

	def ctlab(self, args, timeout, input=None):
		return run([ctx.ctlab] + args, timeout, input=input, env=self.env)

	def __exit__(self, *exc):
		for name in os.listdir(self.path):
			if os.path.isdir(os.path.join(self.path, name)):
				self.ctlab(["vm", "kill", name], 30)
		shutil.rmtree(self.path, ignore_errors=True)
		return False


def mount_tmpfs(path, size):
	"""A tmpfs of SIZE ("64m") at PATH, made here (the grader's)."""
	from .sandbox import _mount
	os.makedirs(path, exist_ok=True)
	_mount("grade", path, "tmpfs", 0, "size=%s,mode=0755" % size)


def unmount_tree(path):
	"""Unmount PATH and everything below it (lazily), and remove it."""
	run(["umount", "-R", "-l", path], 30)
	shutil.rmtree(path, ignore_errors=True)


def ctlab_json(args, timeout, env=None):
	"""`ctlab ARGS --json`, parsed (None if it failed or printed no JSON):
	the grader's view of containers and guests, through the kit's CLI."""
	import json
	r = run([ctx.ctlab] + list(args) + ["--json"], timeout, env=env)
	try:
		return json.loads(r.out) if r.status == 0 else None
	except ValueError:
		return None


def cgroup_stat(path):
	"""A cgroup's flat-keyed file (memory.stat, cpu.stat, ...) as a dict
	of numbers; a one-value file (memory.current) as {"": number}."""
	out = {}
	for line in read_text(path).splitlines():
		parts = line.split()
		if len(parts) == 2:
			out[parts[0]] = int(parts[1]) if parts[1].isdigit() else parts[1]
		elif len(parts) == 1:
			out[""] = int(parts[0]) if parts[0].isdigit() else parts[0]
	return out


def proc_status(pid):
	"""/proc/PID/status as a dict of strings (VmRSS: "1234 kB", ...)."""
	out = {}
	for line in read_text("/proc/%s/status" % pid).splitlines():
		if ":" in line:
			key, value = line.split(":", 1)
			out[key] = value.strip()
	return out
