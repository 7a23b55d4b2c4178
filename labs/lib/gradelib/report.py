# SPDX-License-Identifier: GPL-2.0
"""gradelib.report: one grading run, reported three ways.

  stdout and grade.txt   "name ..... passed [2/2]" per check, the reasons
                         under any check that lost points, and a total
  grade.tap              TAP: one test per check, ok only at full marks
  results.json           Gradescope's format (labs/README.md)

A check's score is what it awarded, capped at its points.  Points it
neither awarded nor missed are lost, with the reason.  Every message is
made one line of printable text, cut short, and a check keeps at most
MAX_LINES of them: what a student's program printed can neither add a
line to the report (a forged "ok", a total) nor flood it.
"""
import json
import os
import re

MAX_LINES = 60
MAX_CHARS = 400
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(msg):
	msg = CONTROL.sub("?", msg.replace("\n", " | ").replace("\t", " "))
	return msg if len(msg) <= MAX_CHARS else msg[:MAX_CHARS - 3] + "..."


def fmt(x):
	return "%g" % x


def score(check, o):
	"""(earned, [report lines]) for CHECK from its Outcome O."""
	got = lost = held = 0.0
	errors = 0
	out = []
	for kind, points, msg in o.lines:
		msg = clean(msg)
		if kind == "award":
			got += points
			out.append("+%s %s" % (fmt(points), msg))
		elif kind == "miss":
			lost += points
			out.append("-%s %s" % (fmt(points), msg))
		elif kind == "note":
			out.append("  " + msg)
		elif kind == "regrade":
			held += points
			out.append("?%s %s; marked for regrade" % (fmt(points), msg))
		else:
			errors += 1
			out.append("! " + msg)
	if len(out) > MAX_LINES:
		out = out[:MAX_LINES - 1] + ["  (%d more lines cut)" % (len(out) - MAX_LINES + 1)]
	rest = check.points - got - lost - held
	if rest > 1e-9:
		if o.stopped:
			why = o.stopped
		elif o.status == "timeout":
			why = "stopped: this check took longer than %d s" % check.timeout
		elif errors:
			why = "lost because of the grader error above"
		elif o.status is None:
			why = "the check did not run"
		elif o.status != "ok":
			why = "the check stopped early (%s)" % o.status
		else:
			why = "GRADER ERROR (tell your instructor): the check did not account for these points"
		first, *more = why.split("\n")
		out.append("-%s %s" % (fmt(rest), clean(first)))
		out += ["  " + clean(m) for m in more]
	elif rest < -1e-9:
		out.append("! GRADER ERROR (tell your instructor): the check accounted for %s of %s points"
			   % (fmt(got + lost), fmt(check.points)))
	return min(got, check.points), out, held


def dotted(label, verdict):
	dots = "." * max(3, 60 - len(label) - len(verdict))
	return "%s %s %s" % (label, dots, verdict)


def write(lab, collector, header, results, elapsed, seed, checks):
	os.makedirs(results, exist_ok=True)
	human = [header] + ["  " + clean(g) for g in collector.general]
	for line in human:
		print(line)
	tap = ["TAP version 13", "1..%d" % len(checks)]
	tests = []
	regrade = []
	total = possible = 0.0
	for i, c in enumerate(checks, 1):
		earned, lines, held = score(c, collector.outcomes[c.name])
		if held:
			regrade.append(c.name)
		total += earned
		possible += c.points
		verdict = ("passed" if earned >= c.points else "regrade" if held else
			   "partial" if earned > 0 else "failed")
		label = c.name if not c.hidden else c.name + " (hidden until the due date)"
		shown = [dotted(label, "%s [%s/%s]" % (verdict, fmt(earned), fmt(c.points)))]
		if verdict != "passed":
			shown += ["    " + l for l in lines if not l.startswith("+")]
		for line in shown:
			print(line)
		human += shown
		tap.append("%s %d - %s [%s/%s]" % ("ok" if verdict == "passed" else "not ok",
						   i, c.name, fmt(earned), fmt(c.points)))
		tap += ["# " + l for l in lines]
		tests.append({"name": c.title, "score": earned, "max_score": c.points,
			      "status": "passed" if verdict == "passed" else "failed",
			      "output": "\n".join(lines), "visibility": c.visibility})
	line = "total: %s/%s" % (fmt(total), fmt(possible))
	print(line)
	human.append(line)
	with open(os.path.join(results, "grade.txt"), "w") as f:
		f.write("\n".join(human) + "\n")
	with open(os.path.join(results, "grade.tap"), "w") as f:
		f.write("\n".join(tap) + "\n")
	doc = {"score": total, "execution_time": int(elapsed),
	       "output": "\n".join(human[:1 + len(collector.general)]),
	       "tests": tests,
	       "extra_data": {"lab": lab.name, "seed": seed, "max_score": possible}}
	if regrade:
		# The machine could not judge these: their points are neither
		# given nor taken, pending a regrade on a quieter machine.
		doc["extra_data"]["regrade"] = regrade
		doc["output"] += "\nMarked for regrade (the machine was too busy to judge): " + ", ".join(regrade)
	path = os.path.join(results, "results.json")
	with open(path + ".new", "w") as f:
		json.dump(doc, f, indent=1)
	os.replace(path + ".new", path)
