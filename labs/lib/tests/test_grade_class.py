# SPDX-License-Identifier: GPL-2.0
"""labs/lib/tests/test_grade_class.py: labs/lib/grade-class on a stand-in
grader that writes what `grade` writes in a second (no VM): students
found in plain and Gradescope folders, runs N at a time or one at a time
by the checks' declarations, a run that outlives its time limit, resumed
after an interruption, and the CSV.  tests/class-suite grades real
submissions of lab 02, locally and through Slurm.
"""
import csv
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

GRADE_CLASS = os.path.join(os.path.dirname(__file__), "..", "grade-class")

# The stand-in: `--list` as gradelib prints it; a check scores full
# marks when the submission holds a file of its name; "slow" sleeps.
FAKE = r'''#!/usr/bin/python3
import argparse, json, os, sys, time
ap = argparse.ArgumentParser()
for a in ("--submission", "--results", "--state", "--seed", "--only"):
    ap.add_argument(a)
ap.add_argument("--list", action="store_true")
a = ap.parse_args()
checks = [("build", 2, "given"), ("speed", 3, os.environ.get("FAKE_FLAG", ""))]
if a.list:
    print("CHECK                POINTS  WHERE    TIMEOUT  FLAGS")
    for n, p, f in checks:
        print("%-20s %6d  %-8s %6ss  %s" % (n, p, "host", 1, f))
    sys.exit()
os.makedirs(a.state)
open(a.results + "/began", "w").write(str(time.time()))
sub = a.submission
time.sleep(1000 if os.path.exists(sub + "/slow") else 1)
tests = [{"name": "%s: it %s" % (n, n), "max_score": p, "status": "failed", "visibility": "visible",
          "score": p if os.path.exists(os.path.join(sub, n)) else 0, "output": ""} for n, p, f in checks]
extra = {"lab": "99-fake", "seed": int(a.seed), "max_score": 5}
if os.path.exists(sub + "/busy"):
    extra["regrade"] = ["speed"]
json.dump({"score": sum(t["score"] for t in tests), "execution_time": 1, "output": "",
           "tests": tests, "extra_data": extra}, open(a.results + "/results.json", "w"))
'''


class GradeClass(unittest.TestCase):
	def setUp(self):
		self.tmp = tempfile.TemporaryDirectory()
		t = self.tmp.name
		self.lab, self.subs, self.out = t + "/99-fake", t + "/subs", t + "/out"
		os.makedirs(self.lab)
		with open(self.lab + "/grade", "w") as f:
			f.write(FAKE)
		os.chmod(self.lab + "/grade", 0o755)
		self.student("ann", "build", "speed")
		self.student("bob", "build", "busy")
		self.student("export-1/submission", "build")
		with open(self.subs + "/export-1/submission_metadata.json", "w") as f:
			json.dump({"users": [{"email": "cy@example.edu", "id": 3, "sid": "s-cy"}]}, f)
		self.student("submission_7")
		with open(self.subs + "/submission_metadata.yml", "w") as f:
			f.write("submission_7:\n  :submitters:\n  - :name: Di\n    :email: di@example.edu\n")

	def tearDown(self):
		self.tmp.cleanup()

	def student(self, folder, *files):
		os.makedirs(os.path.join(self.subs, folder))
		for name in files:
			open(os.path.join(self.subs, folder, name), "w").close()

	def grade_class(self, *args, env=None):
		return subprocess.run([GRADE_CLASS, self.lab, self.subs, "--out", self.out] + list(args),
				      capture_output=True, text=True, env=dict(os.environ, **(env or {})))

	def rows(self):
		with open(self.out + "/grades.csv") as f:
			return list(csv.reader(f))

	def test_class_graded_two_at_a_time(self):
		r = self.grade_class("--jobs", "2")
		self.assertEqual(r.returncode, 0, r.stderr)
		self.assertIn("2 at a time", r.stdout)
		# Runs of a second each: the first two began together.
		began = []
		for sid in ("ann", "bob", "s-cy", "di"):
			with open(os.path.join(self.out, sid, "began")) as f:
				began.append(float(f.read()))
		self.assertLess(abs(began[1] - began[0]), 0.9)
		self.assertEqual(self.rows(), [
			["id", "total", "max", "status", "build", "speed"],
			["ann", "5", "5", "graded", "2", "3"],
			["bob", "2", "5", "graded", "2", "0 (regrade)"],
			["s-cy", "2", "5", "graded", "2", "0"],
			["di", "0", "5", "graded", "0", "0"]])
		self.assertIn("speed                     3    1 of 4", r.stdout)
		self.assertIn("bob: speed", r.stdout)

	def test_a_measuring_check_runs_alone(self):
		r = self.grade_class("--jobs", "2", "--dry-run", env={"FAKE_FLAG": "measures"})
		self.assertIn("one at a time: speed measures", r.stdout)
		self.assertIn("s-cy seed ", r.stdout)
		self.assertFalse(os.path.exists(self.out))

	def test_resumed_after_an_interruption(self):
		self.student("zed", "slow")
		p = subprocess.Popen([GRADE_CLASS, self.lab, self.subs, "--out", self.out],
				     stdout=subprocess.DEVNULL)
		while not os.path.exists(self.out + "/zed"):
			time.sleep(0.2)
		p.send_signal(signal.SIGINT)
		self.assertEqual(p.wait(30), 130)
		self.assertFalse(os.path.exists(self.out + "/zed/status.json"))
		with open(self.out + "/ann/status.json") as f:
			ann = f.read()
		os.remove(self.subs + "/zed/slow")
		r = self.grade_class()
		self.assertIn("5 students, 1 to grade", r.stdout)
		with open(self.out + "/ann/status.json") as f:
			self.assertEqual(f.read(), ann)
		self.assertEqual(self.rows()[-1][:4], ["zed", "0", "5", "graded"])

	def test_a_run_past_its_time_is_stopped(self):
		self.student("zed", "slow")
		r = self.grade_class("--jobs", "4", "--timeout", "3")
		self.assertEqual(r.returncode, 0, r.stderr)
		self.assertEqual(self.rows()[-1][:4], ["zed", "", "", "timeout"])
		self.assertIn("zed: timeout", r.stdout)
		with open(self.out + "/zed/status.json") as f:
			self.assertTrue(json.load(f)["timed_out"])


if __name__ == "__main__":
	unittest.main()
