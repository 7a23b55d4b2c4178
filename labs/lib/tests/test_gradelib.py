# SPDX-License-Identifier: GPL-2.0
"""labs/lib/tests/test_gradelib.py: the grading library's unit tests (no
VM): measurements judged in paired rounds, a busy machine marked for
regrade, time limits that count a program's share of the CPUs, uploads
resolved, forged messages defused.  tests/labs-suite
runs them:  python3 -m unittest discover -s labs/lib/tests
"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.dont_write_bytecode = True
from gradelib import channel, ledger, measure, report, sandbox, upload  # noqa: E402
from gradelib.run import StudentProcess, nap, run, student  # noqa: E402
from gradelib.system import read_text  # noqa: E402
from gradelib.context import ctx  # noqa: E402
from gradelib.collect import Collector, Outcome  # noqa: E402
from gradelib.run import (STRETCH, FairClock, _wait_fair, running_tasks,  # noqa: E402
			  student_program)


class Lines:
	"""The records a check would send, captured."""

	def __init__(self):
		self.r, self.w = os.pipe()
		channel.open_channel(self.w, "n")

	def take(self):
		os.close(self.w)
		data = b""
		while True:
			chunk = os.read(self.r, 65536)
			if not chunk:
				break
			data += chunk
		os.close(self.r)
		recs = [channel.parse(l, "n") for l in data.decode().splitlines()]
		return [(x["k"], x["p"], x["m"]) for x in recs if x]


def judge(student, reference, band=(0.5, 2.0), **kw):
	lines = Lines()
	verdict = measure.judge_paired(2, "its time", measure.within_ratio(1.5),
				       student, reference, band, **kw)
	return verdict, lines.take()


class Paired(unittest.TestCase):
	def test_rounds_alternate(self):
		order = []
		measure.paired_rounds(lambda: order.append("s") or 1,
				      lambda: order.append("r") or 1, 4)
		self.assertEqual(order, list("srrssrrs"))

	def test_within_the_ratio_is_awarded(self):
		verdict, lines = judge(lambda: 1.2, lambda: 1.0)
		self.assertTrue(verdict)
		self.assertEqual(lines[0][0], "award")
		self.assertIn("×1.5", lines[0][2])

	def test_a_failed_comparison_is_measured_again(self):
		figures = iter([9, 9, 9, 9, 9] + [1] * 5)
		verdict, lines = judge(lambda: next(figures), lambda: 1.0)
		self.assertTrue(verdict)
		self.assertIn("measured 2 times", lines[0][2])

	def test_a_busy_machine_cannot_judge(self):
		# The reference alone is 5.0, outside its band: regrade.
		verdict, lines = judge(lambda: 20.0, lambda: 5.0)
		self.assertIsNone(verdict)
		self.assertEqual([l[0] for l in lines], ["regrade"])

	def test_within_a_factor_either_way(self):
		accept = measure.within_factor(3)
		self.assertTrue(accept(2.5, 1.0) and accept(0.4, 1.0))
		self.assertFalse(accept(0.3, 1.0) or accept(3.5, 1.0) or accept(0, 1.0))

	def test_a_slow_submission_on_a_quiet_machine_loses(self):
		verdict, lines = judge(lambda: 3.0, lambda: 1.0)
		self.assertFalse(verdict)
		self.assertEqual([l[0] for l in lines], ["miss"])

	def test_noise_from_the_student_cannot_slow_the_reference(self):
		# A submission that loads the machine while it runs: the
		# reference is measured with it paused, so only it is slowed.
		state = {"noisy": False, "paused": False}

		def student():
			state["noisy"] = True
			return 2.0

		def reference():
			return 4.0 if state["noisy"] and not state["paused"] else 1.0

		class Pause:
			def __enter__(self):
				state["paused"] = True

			def __exit__(self, *exc):
				state["paused"] = False
		verdict, lines = judge(student, reference, pause=Pause)
		self.assertFalse(verdict)
		self.assertEqual([l[0] for l in lines], ["miss"])


class Answers(unittest.TestCase):
	"""An answer against the grader's own figure, which has a band."""

	def verdicts(self, expect, *args, **kw):
		lines = Lines()
		expect(1, "its figure", *args, **kw)
		return [l[0] for l in lines.take()]

	def test_a_wrong_answer_on_a_machine_that_can_judge_loses(self):
		self.assertEqual(self.verdicts(ledger.expect_within, "3", "2.0", "25%", band=(1.5, 2.5)), ["miss"])
		self.assertEqual(self.verdicts(ledger.expect_ratio, "9", "2.0", 2, band=(1.5, 2.5)), ["miss"])
		self.assertEqual(self.verdicts(ledger.expect_within, "3", "1.0", "25%"), ["miss"])

	def test_the_grader_out_of_its_band_cannot_judge(self):
		self.assertEqual(self.verdicts(ledger.expect_within, "2", "1.0", "25%", band=(1.5, 2.5)), ["regrade"])
		self.assertEqual(self.verdicts(ledger.expect_ratio, "2", "0.2", 2, band=(1.5, 2.5)), ["regrade"])

	def test_an_accepted_answer_is_awarded_whatever_the_band(self):
		self.assertEqual(self.verdicts(ledger.expect_within, "0.2", "0.25", "25%,0.05", band=(1, 2)), ["award"])

	def test_no_answer_loses_whatever_the_band(self):
		"""A busy machine explains a figure off the mark, not a blank."""
		self.assertEqual(self.verdicts(ledger.expect_within, "", "1.0", "25%", band=(1.5, 2.5)), ["miss"])
		self.assertEqual(self.verdicts(ledger.expect_ratio, "n/a", "0.2", 2, band=(1.5, 2.5)), ["miss"])

	def test_a_regrade_says_where_the_figure_belongs(self):
		lines = Lines()
		ledger.expect_within(1.5, "ct.limited_cpus", "0.2", "0.05", "25%,0.05", band=(0.16, 0.25))
		(kind, points, msg), = lines.take()
		self.assertEqual((kind, points), ("regrade", 1.5))
		self.assertIn("0.05, is outside 0.16 to 0.25", msg)


class Quantiles(unittest.TestCase):
	def test_the_handouts_examples(self):
		"""Lab 05's handout: 3 1 2 4 10 gives 3, 2, 4; 1 2 3 4 gives
		2.5, 1.75, 3.25."""
		xs = [3, 1, 2, 4, 10]
		self.assertEqual([measure.quantile(xs, p) for p in (0.5, 0.25, 0.75)], [3, 2, 4])
		xs = [1, 2, 3, 4]
		self.assertEqual([measure.quantile(xs, p) for p in (0.5, 0.25, 0.75)],
				 [2.5, 1.75, 3.25])
		self.assertEqual(measure.quantile([7], 0.25), 7)


class FairTime(unittest.TestCase):
	"""A time limit on a busy machine counts a program's share of the
	CPUs, the student's own tasks not counted as load."""
	cpus = os.cpu_count() or 1

	def clock(self, load, own_running=0):
		return FairClock(own=lambda uid: uid == 4242, loadavg=lambda: (load,) * 3,
				 running=lambda uid: own_running)

	def test_a_busy_machine_stretches_the_limit(self):
		p = subprocess.Popen(["sleep", "1.5"])
		self.assertTrue(_wait_fair(p, 1, self.clock(8.0 * self.cpus)))

	def test_a_quiet_machine_keeps_it(self):
		p = subprocess.Popen(["sleep", "3"])
		self.assertFalse(_wait_fair(p, 1, self.clock(0.1)))
		p.kill()
		p.wait()

	def test_a_fork_bomb_buys_itself_no_time(self):
		p = subprocess.Popen(["sleep", "3"])
		bomb = self.clock(512.0 + self.cpus, own_running=512)
		self.assertFalse(_wait_fair(p, 1, bomb))
		p.kill()
		p.wait()
		self.assertLess(bomb.last - bomb.start, 2)

	def test_a_check_runs_on_the_same_clock(self):
		from gradelib import session
		self.assertEqual(session._call(lambda: time.sleep(3), 1, self.clock(0.1)), "timeout")
		self.assertEqual(session._call(lambda: time.sleep(1.5), 1, self.clock(8.0 * self.cpus)), "ok")

	def test_never_past_stretch_times_the_limit(self):
		p = subprocess.Popen(["sleep", "30"])
		t = time.monotonic()
		self.assertFalse(_wait_fair(p, 0.5, self.clock(1000.0)))
		self.assertLess(time.monotonic() - t, STRETCH * 0.5 + 1)
		p.kill()
		p.wait()

	def test_running_tasks_counts_the_spinning(self):
		spin = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(2)]
		try:
			time.sleep(0.2)
			self.assertGreaterEqual(running_tasks(lambda uid: uid == os.getuid()), 2)
		finally:
			for p in spin:
				p.kill()
				p.wait()


class StudentPrograms(unittest.TestCase):
	"""What the grader copies or runs as the student's: a regular file."""

	def test_a_link_to_the_reference_is_not_the_students(self):
		with tempfile.TemporaryDirectory() as d:
			ref, mine = os.path.join(d, "refbench"), os.path.join(d, "fsbench")
			with open(ref, "w") as f:
				f.write("#!/bin/sh\n")
			os.chmod(ref, 0o755)
			os.symlink(ref, mine)
			self.assertTrue(student_program(ref))
			self.assertFalse(student_program(mine))
			self.assertFalse(student_program(os.path.join(d, "none")))


class Uploads(unittest.TestCase):
	def tree(self, files):
		top = tempfile.mkdtemp()
		for f in files:
			os.makedirs(os.path.dirname(os.path.join(top, f)), exist_ok=True)
			with open(os.path.join(top, f), "w") as out:
				out.write(f)
		return top

	def test_a_whole_checkout_is_graded_on_the_labs_work(self):
		top = self.tree(["module/usage.c", "labs/03-x/solution/usage.c",
				 "labs/03-x/work/usage.c"])
		self.assertEqual(upload.candidates(top, "03-x", "usage.c"),
				 ["labs/03-x/work/usage.c"])

	def test_the_labs_folder_without_work_but_not_its_solution(self):
		top = self.tree(["module/usage.c", "03-x/solution/usage.c", "03-x/usage.c"])
		self.assertEqual(upload.candidates(top, "03-x", "usage.c"), ["03-x/usage.c"])

	def test_two_candidates_are_both_named(self):
		top = self.tree(["a/usage.c", "b/usage.c"])
		self.assertEqual(upload.candidates(top, "03-x", "usage.c"),
				 ["a/usage.c", "b/usage.c"])


class Report(unittest.TestCase):
	class C:
		points, timeout, name = 2, 60, "c"

	def test_forged_lines_stay_inside_their_check(self):
		o = Outcome()
		o.status = "ok"
		o.lines = [("note", 0, "x\nok 1 - c [2/2]\n\033[2Jtotal: 9/9"),
			   ("miss", 2, "y" * 5000)]
		earned, lines, held = report.score(self.C, o)
		self.assertEqual(earned, 0)
		self.assertEqual(len(lines), 2)
		self.assertNotIn("\n", lines[0])
		self.assertNotIn("\033", lines[0])
		self.assertLessEqual(len(lines[1]), report.MAX_CHARS + 3)

	def test_a_regrade_is_neither_given_nor_taken(self):
		o = Outcome()
		o.status = "ok"
		o.lines = [("regrade", 2, "busy")]
		earned, lines, held = report.score(self.C, o)
		self.assertEqual((earned, held), (0, 2))
		self.assertEqual(len(lines), 1)


class Times(unittest.TestCase):
	def test_each_session_hook_and_check_is_timed(self):
		"""times.txt, in the state directory: where a run's time went,
		as each session measured it (a lab VM's console may hand its
		records over in one piece at the end)."""
		class C:
			def __init__(self, name):
				self.name, self.where = name, "vm"

		class L:
			checks = [C("one"), C("two")]

			def by_name(self, name):
				return next(c for c in self.checks if c.name == name)
		col = Collector(L())
		col.take({"t": "took", "name": "setup_vm", "secs": 2.5}, "vm")
		for name, secs in (("one", 1.5), ("two", "forged")):
			col.take({"t": "start", "check": name}, "vm")
			col.take({"t": "end", "check": name, "status": "ok", "secs": secs}, "vm")
		col.times.append(("vm", 10.0, col.hooks))
		with tempfile.TemporaryDirectory() as d:
			col.write_times(os.path.join(d, "times.txt"))
			with open(os.path.join(d, "times.txt")) as f:
				rows = [(l[:26].strip(), float(l[26:].split()[0])) for l in f]
		self.assertEqual(rows, [("vm", 10.0), ("@setup_vm", 2.5), ("one", 1.5),
					("two", 0.0), ("(the rest)", 6.0)])


@unittest.skipUnless(os.geteuid() == 0, "needs root")
class Sandbox(unittest.TestCase):
	def test_a_fork_bomb_beside_stops_no_other_run(self):
		"""Another grading run's fork bomb, as many processes as the
		per-user limit allows: a program of this run still starts (in
		the self-tests, graded beside the resources attack, a build
		once failed with "cc: Resource temporarily unavailable")."""
		with tempfile.TemporaryDirectory() as d:
			os.chmod(d, 0o755)
			ctx.sub = d
			ctx.student_uid = sandbox.run_uid(1)
			bomb = StudentProcess(["/bin/sh", "-c", "while :; do sleep 60 & done"])
			try:
				for _ in range(100):
					if len(run(["pgrep", "-u", str(ctx.student_uid)], 10).out.split()) >= 505:
						break
					nap(0.1)
				ctx.student_uid = sandbox.run_uid(2)
				r = student(["/bin/sh", "-c", "/bin/true && /bin/true"], 30)
				self.assertEqual(r.status, 0, r.err)
			finally:
				bomb.stop()
				bomb.wait(10)
				ctx.student_uid = None

	def test_what_a_program_leaves_running_is_seen_and_killed(self):
		"""A process that left its process group (setsid, as a guest's
		QEMU does) is in Result.left, and dead when the check ends:
		with a cgroup, as its program ends; without one (cgroup v1),
		by its user."""
		with tempfile.TemporaryDirectory() as d:
			os.chmod(d, 0o755)
			ctx.sub = d
			ctx.student_uid = sandbox.run_uid(3)
			try:
				r = student(["/bin/sh", "-c", "setsid sleep 60 >/dev/null 2>&1 & sleep 0.5"], 30)
				self.assertEqual(r.status, 0, r.err)
				self.assertEqual(len(r.left), 1, r.left)
				sandbox.kill_all()
				nap(0.2)
				status = read_text("/proc/%d/status" % r.left[0], "State: X")
				self.assertRegex(status, r"State:\s+[ZX]")	# dead, if not reaped yet
				self.assertEqual(student(["/bin/true"], 30).left, [])
			finally:
				sandbox.kill_all()
				ctx.student_uid = None

	def test_a_program_reads_the_input_it_is_given(self):
		with tempfile.TemporaryDirectory() as d:
			os.chmod(d, 0o755)
			ctx.sub = d
			self.assertEqual(student(["/bin/cat"], 30, input="3\n1\n").out, "3\n1\n")
			self.assertEqual(student(["/bin/cat"], 30).out, "")

	def test_a_check_may_give_more_memory(self):
		"""The default memory.max, or a check's own (lab 05's guests
		hold more than 384 MiB together)."""
		for memory, want in ((None, sandbox.MEMORY_MIB), (600, 600)):
			self.assertEqual(sandbox.cgroup_limits(memory)["memory.max"],
					 str(want << 20))
		if not sandbox.new_cgroup():
			self.skipTest("no cgroup v2 here")
		sandbox.kill_all()
		for memory, want in ((None, sandbox.MEMORY_MIB), (600, 600)):
			p = StudentProcess(["/bin/sleep", "5"], memory=memory)
			try:
				with open(p.cgroup + "/memory.max") as f:
					self.assertEqual(int(f.read()), want << 20)
			finally:
				p.stop()
				p.wait(10)

if __name__ == "__main__":
	unittest.main()
