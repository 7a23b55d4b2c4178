# SPDX-License-Identifier: GPL-2.0
"""gradelib.ledger: what a check says, point by point.

Every point of a check is either awarded or missed, each with a line that
says what was checked: "+2 its output is right", "-1 the host name
inside: expected qwxz, saw labvm".  Points a check leaves unaccounted are
lost with the reason (a timeout, the VM stopped, a grader error).  The
lines go to the session's channel as they are said (channel.py), so a
check that crashes the VM keeps what it said before.
"""
from . import channel


def _say(kind, points, msg):
	channel.send({"t": "line", "k": kind, "p": points, "m": str(msg)})


def award(points, msg):
	_say("award", points, msg)


def miss(points, msg):
	_say("miss", points, msg)


def note(msg):
	"""A line of explanation (several lines stay several lines)."""
	for line in str(msg).splitlines() or [""]:
		_say("note", 0, line)


def regrade(points, msg):
	"""The machine could not judge these points (measure.py): neither
	awarded nor missed, the check is marked for regrade."""
	_say("regrade", points, msg)


def grader_error(msg):
	"""The grader could not check something: its points are lost, loudly,
	and the self-tests fail on it."""
	_say("error", 0, "GRADER ERROR (tell your instructor): %s" % msg)


def shown(text, limit=120):
	"""A student's output, quoted and cut short, for a message."""
	s = str(text).replace("\n", "\\n")
	if not s:
		return "nothing"
	if len(s) > limit:
		s = s[:limit - 3] + "..."
	return '"%s"' % s


def expect_eq(points, what, expected, seen):
	if str(expected) == str(seen):
		award(points, "%s: %s" % (what, shown(seen)))
	else:
		miss(points, "%s: expected %s, saw %s" % (what, shown(expected),
							  shown(seen)))


def expect_true(points, what, ok, why_not):
	if ok:
		award(points, what)
	else:
		miss(points, "%s: %s" % (what, why_not))


def number(text):
	"""TEXT as a number, or None (not a number, or NaN)."""
	try:
		v = float(str(text).strip())
	except ValueError:
		return None
	return v if v == v else None


def positive(*values):
	"""Are all VALUES (a student's answers, text) positive numbers?"""
	return all((number(v) or 0) > 0 for v in values)


def slack(measured, tolerance):
	"""TOLERANCE: "R%" of MEASURED, "A" absolute, or "R%,A" (the larger)."""
	s = 0.0
	for part in str(tolerance).split(","):
		part = part.strip()
		if part.endswith("%"):
			s = max(s, abs(measured) * float(part[:-1]) / 100)
		else:
			s = max(s, float(part))
	return s


def _numbers(points, what, answer, measured):
	"""(answer, measured) as numbers, or m None once the check has said
	why not: no measurement (the grader's fault), or no number."""
	m, a = number(measured), number(answer)
	if m is None:
		grader_error("%s: no measurement (%s)" % (what, measured))
	elif a is None:
		miss(points, "%s: expected a number near %s, saw %s" %
		     (what, measured, shown(answer)))
		m = None
	return a, m


def _cannot_judge(points, what, measured, m, band):
	"""For an answer not accepted: True, once marked for regrade, if the
	grader's own figure M (MEASURED, as text) is outside BAND, where it
	belongs on any machine (expect_ratio); else False (a miss)."""
	if not band or band[0] <= m <= band[1]:
		return False
	regrade(points, "%s: the machine cannot judge: its own figure, %s, is outside %g to %g, where it belongs on any machine"
		% (what, measured, band[0], band[1]))
	return True


def expect_within(points, what, answer, measured, tolerance, band=None):
	"""A measured answer, accepted within TOLERANCE of what the grader
	measured here; BAND as for expect_ratio."""
	a, m = _numbers(points, what, answer, measured)
	if m is None:
		return
	s = slack(m, tolerance)
	if abs(a - m) <= s:
		award(points, "%s: you said %s, measured here %s (within ±%g)" %
		      (what, answer, measured, s))
	elif not _cannot_judge(points, what, measured, m, band):
		miss(points, "%s: you said %s, but it measures %s here (accepted: ±%g)"
		     % (what, answer, measured, s))


def expect_ratio(points, what, answer, measured, factor, band=None):
	"""Accepted within a factor FACTOR of MEASURED, either way: figures
	that scale with the machine, where the order of magnitude is the
	lesson.  BAND (lo, hi): where the grader's own MEASURED belongs on
	any machine; outside it, an answer it does not accept is marked for
	regrade (the machine was too busy to judge), never lost."""
	a, m = _numbers(points, what, answer, measured)
	if m is None:
		return
	if a > 0 and m > 0 and m / factor <= a <= m * factor:
		award(points, "%s: you said %s, measured here %s (within ×%g)" %
		      (what, answer, measured, factor))
	elif not _cannot_judge(points, what, measured, m, band):
		miss(points, "%s: you said %s, but it measures %s here (accepted: ÷%g to ×%g)"
		     % (what, answer, measured, factor, factor))
