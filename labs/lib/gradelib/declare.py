# SPDX-License-Identifier: GPL-2.0
"""gradelib.declare: a lab's checks, declared once.

@check(points=2, where="host"|SESSION, timeout=60, given=False,
       hidden=False, title=None, measures=False) on a function declares a
check named as the function.  Its docstring is the line of the handout's
points table; `title` (default: the docstring) is its name in
results.json.  The points are stated here and nowhere else: the
handout's table is printed by `grade --points-table`, and
tests/labs-suite fails when the handout's differs.

where: "host" runs it on the grading machine; any other word is a lab VM
session, one fresh boot each, its checks in the order declared.
measures: a neighbour's load could move its score (it times, counts or
sizes what the machine does, or judges answers against what the grader
measured): `grade-class` never grades it beside another grading run.
@prepare: a hook on the host after the host checks, before the VM
sessions (measurements, the grader's own programs).  @setup(SESSION): a
hook at the start of that session, in its VM.
"""
import re
import sys

from .context import ctx

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
TABLE_BEGIN = "<!-- the points: `grade --points-table` prints this table -->"
TABLE_END = "<!-- end of the points -->"


class Check:
	def __init__(self, fn, points, where, timeout, given, hidden, title, measures):
		self.name = fn.__name__
		self.fn = fn
		self.points = points
		self.where = where
		self.timeout = timeout
		self.given = given
		self.hidden = hidden
		self.measures = measures
		self.what = " ".join((fn.__doc__ or self.name).split())
		self.title = "%s: %s" % (self.name, title or self.what.replace("`", ""))
		self.index = 0

	@property
	def visibility(self):
		return "after_due_date" if self.hidden else "visible"


class Lab:
	"""The lab being graded: its kernel, what it needs built, its checks.

	needs: userland (build/userland/ctlab), template, guest (the `ctlab
	vm` image), module (ctlab.ko for the lab kernel), kernel (its headers).
	"""
	current = None

	def __init__(self, name, kernel="6.1", needs=()):
		self.name = name
		self.kernel = kernel
		self.needs = list(needs)
		self.checks = []
		self.prepare = None
		self.setups = {}
		Lab.current = self

	def add(self, c):
		if not NAME.match(c.name):
			sys.exit("grade: check name %r: use [a-z0-9_]" % c.name)
		if any(x.name == c.name for x in self.checks):
			sys.exit("grade: check %s declared twice" % c.name)
		c.index = len(self.checks)
		self.checks.append(c)

	def by_name(self, name):
		return next((c for c in self.checks if c.name == name), None)

	def sessions(self):
		"""The VM sessions, in the order their first check was declared."""
		seen = []
		for c in self.checks:
			if c.where != "host" and c.where not in seen:
				seen.append(c.where)
		return seen

	def points_table(self):
		"""The handout's table, from the declarations."""
		rows = [TABLE_BEGIN, "| check | points | what it checks |",
			"|---|---:|---|"]
		for c in self.checks:
			what = c.what
			if c.hidden:
				what += " (hidden on Gradescope until the due date)"
			rows.append("| `%s` | %g | %s |" % (c.name, c.points, what))
		rows.append("| total | %g | |" % sum(c.points for c in self.checks))
		return "\n".join(rows + [TABLE_END]) + "\n"

	def handout_table(self, path):
		"""The points table in the handout at PATH ("" if none)."""
		try:
			with open(path) as f:
				text = f.read()
		except OSError:
			return ""
		begin, end = text.find(TABLE_BEGIN), text.find(TABLE_END)
		if begin < 0 or end < begin:
			return ""
		return text[begin:end + len(TABLE_END)] + "\n"

	def main(self):
		from .main import main
		ctx.lab = self.name
		main(self, sys.argv[1:])


def figures(**values):
	"""A decorator: the check's docstring with VALUES filled in (its
	{name} fields), so that each tolerance is written once, where the
	grader uses it, and the handout's table, made from the docstrings,
	shows it."""
	def fill(fn):
		fn.__doc__ = fn.__doc__.format(**values)
		return fn
	return fill


def check(points, where="vm", timeout=60, given=False, hidden=False, title=None,
	  measures=False):
	if points <= 0 or timeout <= 0:
		sys.exit("grade: a check needs points > 0 and a timeout > 0")

	def declare(fn):
		Lab.current.add(Check(fn, points, where, timeout, given, hidden, title,
				      measures))
		return fn
	return declare


def prepare(fn):
	Lab.current.prepare = fn
	return fn


def setup(session):
	def declare(fn):
		Lab.current.setups[session] = fn
		return fn
	return declare


def want_check(name):
	"""Is check NAME in this run (not left out by --only)?"""
	return not ctx.only or name in ctx.only
