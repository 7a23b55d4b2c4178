# SPDX-License-Identifier: GPL-2.0
"""gradelib.session: one session's checks, in one process.

The host's session runs in a child of the grading process; a VM session
is the one grader process of a fresh lab VM (`grade --in-vm SESSION`).
Either runs its hook, then its checks in the order declared, each under
its time limit (SIGALRM, counted in fair share, raises in the check's body; whatever student code
it started is killed with its cgroup when it ends), and reports over the
channel: "start", each line, "end" with how it ended and its wall time, facts,
"took" with a hook's wall time, and "done".
"""
import os
import signal
import sys
import time
import traceback

from . import channel, inputs, sandbox
from .context import ctx
from .ledger import grader_error
from .run import TICK, FairClock

HOOK_TIMEOUT = 300


class TimeUp(BaseException):
	"""Raised in a check's body when its time is up (a BaseException, so
	a check's own `except Exception` cannot swallow it)."""


def _call(fn, timeout, clock=None):
	"""FN() under TIMEOUT seconds of fair share (run.FairClock, the
	student's own tasks not counted as load): "ok", "timeout" or
	"error: ...". """
	clock = clock or FairClock(sandbox.is_student)

	def tick(signum, frame):
		if clock.up(timeout):
			raise TimeUp()
	signal.signal(signal.SIGALRM, tick)
	signal.setitimer(signal.ITIMER_REAL, TICK, TICK)
	try:
		fn()
		return "ok"
	except TimeUp:
		return "timeout"
	except Exception as e:
		traceback.print_exc()
		return "error: %s: %s" % (type(e).__name__, e)
	finally:
		signal.setitimer(signal.ITIMER_REAL, 0)
		sandbox.kill_all()


def run_hook(name, fn):
	channel.set_check(None)
	inputs.reseed("hook " + name)
	os.chdir(ctx.sub)
	t0 = time.monotonic()
	status = _call(fn, HOOK_TIMEOUT)
	channel.send({"t": "took", "name": name, "secs": time.monotonic() - t0})
	if status != "ok":
		channel.send({"t": "hook", "name": name, "status": status})
	sys.stdout.flush()


def run_checks(checks):
	for c in checks:
		channel.set_check(c.name)
		ctx.check = c.name
		channel.send({"t": "start"})
		inputs.reseed(c.index)
		os.chdir(ctx.sub)
		print("== %s" % c.name, flush=True)
		t0 = time.monotonic()
		status = _call(c.fn, c.timeout)
		if status.startswith("error"):
			grader_error("the check failed: %s" % status[7:])
		channel.send({"t": "end", "status": status, "secs": time.monotonic() - t0})
		sys.stdout.flush()
	channel.set_check(None)
	ctx.check = None
