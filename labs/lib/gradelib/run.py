# SPDX-License-Identifier: GPL-2.0
"""gradelib.run: running programs, the grader's own and the student's.

run(argv, timeout)      a program of the grader's (as the grader)
student(argv, timeout)  a student's program, in the sandbox (sandbox.py)
StudentProcess(argv)    the same, in the background, for a check that
                        looks at it from outside while it runs
Each returns or keeps a Result: status (124 when the time was up: time
on a busy machine counts as its fair share, _wait_fair), out
and err as text (at most OUTPUT_LIMIT bytes of each are read: a program
that prints megabytes costs its check, not the grader's memory).
"""
import os
import signal
import stat
import subprocess
import tempfile
import time

from . import sandbox
from .context import ctx

OUTPUT_LIMIT = 1 << 20
TIMED_OUT = 124


class Result:
	def __init__(self, status, out, err, timed_out=False):
		self.status = status
		self.out = out
		self.err = err
		self.timed_out = timed_out
		self.left = []		# a student's processes it left running

	def tail(self, n=8):
		return "\n".join((self.out + self.err).splitlines()[-n:])


def _read(f):
	f.seek(0)
	return f.read(OUTPUT_LIMIT).decode(errors="replace")


# A time limit counts the share of the CPUs a program could get: while
# more tasks want to run than there are CPUs (the load average above the
# CPU count), a second counts as that share of a second, up to STRETCH
# times the limit in wall time.  A busy machine slows a build down; it
# must not make it time out.  The student's own running tasks are taken
# out of the load: a fork bomb buys itself no time.  In a lab VM the load
# is the VM's: a host too busy for the VM's CPUs is not seen there.
STRETCH = 4
TICK = 0.5


def running_tasks(is_own):
	"""How many threads of the users IS_OWN(uid) accepts are running,
	waiting for a CPU or blocked in the kernel (R or D): what they add to
	the load average, thread by thread, as the kernel counts it."""
	n = 0
	for pid in os.listdir("/proc"):
		if not pid.isdigit():
			continue
		try:
			if not is_own(os.stat("/proc/" + pid).st_uid):
				continue
			for tid in os.listdir("/proc/%s/task" % pid):
				with open("/proc/%s/task/%s/stat" % (pid, tid), "rb") as f:
					n += f.read().rsplit(b")", 1)[1].split()[0] in (b"R", b"D")
		except (OSError, IndexError):
			pass
	return n


class FairClock:
	"""Seconds of fair share since it was made, as above; the running
	threads of the users OWN(uid) accepts (the student's) are not counted
	as others' load."""

	def __init__(self, own=None, loadavg=os.getloadavg, running=running_tasks):
		self.cpus = os.cpu_count() or 1
		self.own = own
		self.loadavg = loadavg
		self.running = running
		self.start = self.last = time.monotonic()
		self.counted = 0.0

	def up(self, limit):
		"""Whether LIMIT seconds of fair share have passed (or STRETCH
		times LIMIT of wall time)."""
		now = time.monotonic()
		load = self.loadavg()[0]
		if load > self.cpus and self.own is not None:
			load -= self.running(self.own)
		share = min(1.0, self.cpus / max(load, 1e-3))
		self.counted += (now - self.last) * share
		self.last = now
		return self.counted >= limit or now - self.start >= STRETCH * limit


def _wait_fair(p, timeout, clock=None):
	"""Wait for P for TIMEOUT seconds on CLOCK (by default a FairClock
	that counts the student's tasks as theirs): True if it ended."""
	clock = clock or FairClock(sandbox.is_student)
	while not clock.up(timeout):
		try:
			p.wait(timeout=TICK)
			return True
		except subprocess.TimeoutExpired:
			pass
	return p.poll() is not None


def _finish(p, out, err, timeout, stop):
	timed_out = False
	try:
		timed_out = not _wait_fair(p, timeout)
	finally:
		stop()
		try:
			p.wait(timeout=10)
		except subprocess.TimeoutExpired:
			pass
	status = TIMED_OUT if timed_out else p.returncode
	if status is not None and status < 0:
		status = 128 - status
	return Result(status, _read(out), _read(err), timed_out)


def _killpg(p):
	try:
		os.killpg(p.pid, signal.SIGKILL)
	except OSError:
		pass


def kill_tree(pid):
	"""SIGKILL PID and every descendant, found first (a child whose
	parent dies is adopted by init and lost): `timeout` puts QEMU in a
	process group of its own, where killpg does not reach."""
	found, todo = [], [pid]
	while todo:
		p = todo.pop()
		found.append(p)
		for tid in os.listdir("/proc/%d/task" % p) if os.path.isdir("/proc/%d/task" % p) else []:
			try:
				with open("/proc/%d/task/%s/children" % (p, tid)) as f:
					todo += [int(x) for x in f.read().split()]
			except OSError:
				pass
	for p in found:
		try:
			os.kill(p, signal.SIGKILL)
		except OSError:
			pass


def run(argv, timeout, input=None, cwd=None, env=None):
	"""The grader's own program ARGV (a list, never a shell string built
	from input), killed with its process group after TIMEOUT seconds."""
	with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
		stdin = subprocess.PIPE if input is not None else subprocess.DEVNULL
		try:
			p = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err,
					     cwd=cwd, env=env, start_new_session=True)
		except OSError as e:
			return Result(127, "", str(e))
		if input is not None:
			try:
				p.stdin.write(input.encode())
				p.stdin.close()
			except OSError:
				pass
		return _finish(p, out, err, timeout, lambda: _killpg(p))


class StudentProcess:
	"""A student's program, started in the sandbox and left running.

	expose: [(path, writable)] mounted back into its view besides the
	submission.  pipe_stdout: its stdout as a pipe (self.stdout), for a
	check that waits for a line.  user: "student" (nobody), or where the
	task demands more, "userns" or "root" (sandbox.py).  memory: its
	cgroup's limit in MiB, where the task needs more than
	sandbox.MEMORY_MIB.  input: text on its standard input (else
	/dev/null).  build: it is the build, the one program that may write
	the submission (on the host): after it, nothing the student runs can
	change what the grader later copies or runs as theirs (a program
	swapped for a link to the grader's reference, say)."""

	def __init__(self, argv, expose=(), cwd=None, env=None, pipe_stdout=False,
		     user="student", memory=None, input=None, build=False):
		cwd = cwd or ctx.sub
		stdin = subprocess.DEVNULL
		if input is not None:
			stdin = tempfile.TemporaryFile()
			stdin.write(input.encode())
			stdin.seek(0)
		self.cgroup = sandbox.new_cgroup(memory)
		if not self.cgroup and user == "student":
			sandbox._uncontained.append(True)
		self.out = tempfile.TemporaryFile()
		self.err = tempfile.TemporaryFile()
		self.result = None
		# The submission: writable by its build on the host, read-only
		# to everything else (in a lab VM what it wrote would stay in
		# the VM's memory anyway).
		views = [(ctx.sub, build and not ctx.in_vm)] + list(expose)
		kw = {}
		sandbox.can_mount()	# probed here, never between fork and exec
		if sandbox.available():
			kw["preexec_fn"] = sandbox.preexec(self.cgroup, views, cwd, user)
		else:
			kw["preexec_fn"] = lambda: os.umask(0o022)
		try:
			self.p = subprocess.Popen(
				argv, stdin=stdin,
				stdout=subprocess.PIPE if pipe_stdout else self.out,
				stderr=self.err, cwd=cwd, env=sandbox.environment(env),
				start_new_session=True, close_fds=True, **kw)
		except (OSError, subprocess.SubprocessError) as e:
			self.p = None
			self.result = Result(127, "", "cannot run %s: %s" % (argv[0], e))
		if input is not None:
			stdin.close()	# the program has its own descriptor
		self.pid = self.p.pid if self.p else None
		self.stdout = self.p.stdout if self.p and pipe_stdout else None

	def wait_for_line(self, text, timeout):
		"""Read its piped stdout until the line TEXT comes (True), it
		closes or TIMEOUT seconds pass (False)."""
		import select
		deadline = time.monotonic() + timeout
		self.seen = getattr(self, "seen", b"")
		while text.encode() not in self.seen.split(b"\n")[:-1]:
			left = deadline - time.monotonic()
			if left <= 0 or not select.select([self.stdout], [], [], left)[0]:
				return False
			data = os.read(self.stdout.fileno(), 4096)
			if not data:
				return False
			self.seen += data
		return True

	def stop(self):
		"""Kill it and everything it started."""
		if self.p is None:
			return
		if self.cgroup:
			sandbox.kill_cgroup(self.cgroup)
		_killpg(self.p)

	def wait(self, timeout):
		"""Its Result, once it ends or TIMEOUT seconds pass (then it is
		killed, with everything it started)."""
		left = []

		def stop():
			left.extend(p for p in sandbox.leftovers(self.cgroup)
				    if p != self.p.pid)
			self.stop()
		if self.result is None:
			self.result = _finish(self.p, self.out, self.err, timeout, stop)
			self.result.left = left
			self.out.close()
			self.err.close()
			if self.stdout is not None:
				rest = getattr(self, "seen", b"") + self.stdout.read(OUTPUT_LIMIT)
				self.result.out = rest.decode(errors="replace")
		return self.result

	def alive(self):
		return self.p is not None and self.p.poll() is None


def student(argv, timeout, expose=(), cwd=None, env=None, user="student",
	    memory=None, input=None, build=False):
	"""Run a student's program to its end (or TIMEOUT): a Result.  INPUT:
	text on its standard input (else /dev/null)."""
	return StudentProcess(argv, expose, cwd, env, user=user, memory=memory,
			      input=input, build=build).wait(timeout)


def student_program(path):
	"""Whether PATH is a program the student built: an executable regular
	file, never a symbolic link, which the grader, as root, would follow
	to wherever it points (its own reference, say) when it copies or runs
	it as the student's."""
	try:
		st = os.lstat(path)
	except OSError:
		return False
	return stat.S_ISREG(st.st_mode) and st.st_mode & 0o111 != 0


def nap(seconds):
	time.sleep(seconds)
