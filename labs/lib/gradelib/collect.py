# SPDX-License-Identifier: GPL-2.0
"""gradelib.collect: the grading host's side of the sessions.

It starts each session (the host's in a child process, each VM session in
a fresh lab VM through vm-images/labvm) and reads its records from the
channel (channel.py): from a pipe, or from labvm's standard output, which
is the VM's serial console as QEMU hands it over.  What a session writes
in its share of the state directory is for instructors to read, never
for scoring.  A session that ends early (a crash, a hang) leaves what it
reported so far; the checks it did not finish are lost with the reason.
"""
import json
import os
import secrets
import select
import subprocess
import sys
import time

from . import channel, inputs, session
from .context import ctx
from .run import STRETCH, kill_tree

BOOT_ALLOWANCE = 180	# seconds for a lab VM to boot and power off under TCG


def seconds(v):
	"""A record's "secs": a number of seconds, or 0."""
	return float(v) if isinstance(v, (int, float)) and v >= 0 else 0.0


class Outcome:
	"""What one check reported."""

	def __init__(self):
		self.lines = []		# (kind, points, message)
		self.started = False
		self.status = None	# how it ended; None: it did not
		self.stopped = ""	# why it did not run or finish
		self.secs = None	# its wall time, as its session measured it


class Collector:
	def __init__(self, lab):
		self.lab = lab
		self.outcomes = {c.name: Outcome() for c in lab.checks}
		self.general = []
		self.facts = {}
		self.heard = 0		# records read from the session running
		self.times = []		# (session, its wall time, {hook: its wall time})
		self.hooks = {}		# the session running's

	def take(self, rec, session_name):
		self.heard += 1
		t = rec.get("t")
		o = self.outcomes.get(rec.get("check"))
		if o is not None and self.lab.by_name(rec["check"]).where != session_name:
			o = None	# a record for another session's check: ignored
		if t == "start" and o:
			o.started = True
		elif t == "line" and o and o.status is None:
			kind = rec.get("k")
			if kind in ("award", "miss", "note", "error", "regrade"):
				try:
					points = float(rec.get("p", 0))
				except (TypeError, ValueError):
					points = 0.0
				o.lines.append((kind, points, str(rec.get("m", ""))))
		elif t == "end" and o:
			o.status = str(rec.get("status"))
			o.secs = seconds(rec.get("secs"))
		elif t == "took":
			self.hooks[str(rec.get("name"))] = seconds(rec.get("secs"))
		elif t == "fact":
			self.facts[str(rec.get("k"))] = str(rec.get("v"))
		elif t == "hook":
			self.general.append("GRADER ERROR: %s failed (%s; see %s)" % (
				rec.get("name"), rec.get("status"), ctx.state))
		elif t == "done":
			return True
		return False

	def read_stream(self, fd, nonce, session_name, deadline, raw=None):
		"""Records from FD until it closes or DEADLINE: was "done" seen?"""
		done, buf = False, b""
		while True:
			left = deadline - time.monotonic()
			if left <= 0:
				return done
			ready, _, _ = select.select([fd], [], [], left)
			if not ready:
				continue
			data = os.read(fd, 65536)
			if not data:
				return done
			if raw:
				raw.write(data)
			buf += data
			*lines, buf = buf.split(b"\n")
			for line in lines:
				rec = channel.parse(line.decode(errors="replace"), nonce)
				if rec is not None and self.take(rec, session_name):
					done = True

	def save_facts(self):
		path = os.path.join(ctx.state, "facts.json")
		with open(path + ".new", "w") as f:
			json.dump(self.facts, f, indent=1)
		os.replace(path + ".new", path)

	# ---- the host's session ----

	def host_session(self, checks, with_prepare):
		t0, self.hooks = time.monotonic(), {}
		nonce = secrets.token_hex(16)
		r, w = os.pipe()
		total = (sum(c.timeout + 5 for c in checks) + session.HOOK_TIMEOUT) * STRETCH + 30
		pid = os.fork()
		if pid == 0:
			os.close(r)
			try:
				log = os.open(os.path.join(ctx.state, "host.log"),
					      os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
				os.dup2(log, 1)
				os.dup2(log, 2)
				channel.open_channel(w, nonce)
				inputs.load_facts(self.facts)
				session.run_checks(checks)
				if with_prepare and self.lab.prepare:
					session.run_hook("prepare", self.lab.prepare)
				channel.send({"t": "done"})
			finally:
				os._exit(0)
		os.close(w)
		done = self.read_stream(r, nonce, "host", time.monotonic() + total)
		os.close(r)
		if not done:
			try:
				os.kill(pid, 9)
			except OSError:
				pass
		os.waitpid(pid, 0)
		self.finish("host", checks, done,
			    "the grader's host session stopped early (see %s/host.log)"
			    % ctx.state)
		self.times.append(("host", time.monotonic() - t0, self.hooks))
		self.save_facts()

	# ---- a VM session ----

	def vm_session(self, name, checks, grade_script):
		"""A fresh lab VM for session NAME.  One that stops before its
		grader said a word (a boot that failed: a busy host once made
		a guest kernel give up on its timer) is booted once more: no
		student code had run."""
		self.heard, t0, self.hooks = 0, time.monotonic(), {}
		status, err_path, done = self.boot(name, checks, grade_script)
		if not done and not self.heard:
			self.general.append("the lab VM for %s stopped before its grader started; booted again"
					    % name)
			status, err_path, done = self.boot(name, checks, grade_script)
		why = "" if done else self.vm_failure(err_path, status)
		self.finish(name, checks, done, why)
		self.times.append((name, time.monotonic() - t0, self.hooks))

	def write_times(self, path):
		"""Where the time went, for whoever makes grading faster: each
		session's wall time, its hooks' (@setup, @prepare) and its
		checks', as the session measured them, and the rest: a lab
		VM's boot, its grader's start and its power-off."""
		lines = []
		for name, secs, hooks in self.times:
			lines.append("%-24s %6.1f s" % (name, secs))
			parts = [("@" + h, t) for h, t in hooks.items()]
			parts += [(c.name, self.outcomes[c.name].secs) for c in self.lab.checks
				  if c.where == name and self.outcomes[c.name].secs is not None]
			parts.append(("(the rest)", secs - sum(t for _, t in parts)))
			lines += ["  %-22s %6.1f s" % p for p in parts]
		with open(path, "w") as f:
			f.write("\n".join(lines) + "\n")

	def boot(self, name, checks, grade_script):
		nonce = secrets.token_hex(16)
		share = os.path.join(ctx.state, "vm-" + name)
		os.makedirs(share, mode=0o700, exist_ok=True)
		self.save_facts()
		total = BOOT_ALLOWANCE + sum(c.timeout + 10 for c in checks)
		if name in self.lab.setups:
			total += session.HOOK_TIMEOUT
		env = dict(os.environ, CTLAB_GRADE_NONCE=nonce)
		argv = [os.path.join(ctx.top, "vm-images", "labvm"), "run",
			"--kernel", ctx.kernel, "--timeout", str(total),
			"--results", share, "--",
			sys.executable, "-I", "-B", grade_script, "--in-vm", name,
			"--state", ctx.state]
		err_path = os.path.join(ctx.state, "vm-%s.err" % name)
		with open(os.path.join(ctx.state, "console-%s.log" % name), "wb") as raw, \
		     open(err_path, "wb") as err:
			p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
					     stdout=subprocess.PIPE, stderr=err,
					     cwd=ctx.state, env=env, start_new_session=True)
			try:
				done = self.read_stream(p.stdout.fileno(), nonce, name,
							time.monotonic() + total + 60, raw)
				p.wait(timeout=30)
			except (subprocess.TimeoutExpired, SystemExit, KeyboardInterrupt):
				# Late, or the grader itself told to stop: no VM
				# outlives it.
				kill_tree(p.pid)
				p.wait()
				if sys.exc_info()[0] is not subprocess.TimeoutExpired:
					raise
		return p.returncode, err_path, done

	@staticmethod
	def vm_failure(err_path, status):
		"""Why a VM session ended early: labvm's first line, and the
		console from the first sign of a crash (at most 12 lines)."""
		with open(err_path, errors="replace") as f:
			lines = f.read().splitlines()
		first = next((l for l in lines if l.startswith("labvm: ")),
			     "the lab VM did not report back")
		first = first.split("; its console (")[0]
		console = [l[4:] for l in lines if l.startswith("    ")]
		signs = ("Kernel panic", "BUG:", "Oops", "WARNING:",
			 "general protection", "Call Trace")
		start = next((i for i, l in enumerate(console)
			      if any(s in l for s in signs)), max(0, len(console) - 6))
		why = [first] + ["console: " + l for l in console[start:start + 12]]
		if status != 125:
			why.insert(0, "labvm exited with status %s" % status)
		return "\n".join(why)

	def finish(self, name, checks, done, why):
		"""The checks of session NAME it did not finish, and why."""
		crashed = None
		for c in checks:
			o = self.outcomes[c.name]
			if o.status is not None:
				continue
			if o.started and crashed is None:
				crashed = c.name
				if name == "host":
					o.stopped = why
				else:
					o.stopped = ("the lab VM stopped (crashed or hung) "
						     "while this check ran\n" + why)
			elif crashed:
				o.stopped = "not run: the %s stopped during check %s" % (
					"lab VM" if name != "host" else "session", crashed)
			else:
				o.stopped = "not run: the %s stopped before this check" % (
					"lab VM" if name != "host" else "session")
