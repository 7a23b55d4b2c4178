# SPDX-License-Identifier: GPL-2.0
"""gradelib.measure: measurements that noise can neither take points from
nor give points to.

A figure of the student's program is judged against the grader's
reference measured on the same machine at the same time: paired rounds,
interleaved (student then reference, then reference then student, ...),
compared by their medians.  A comparison that fails is measured again
before it costs a point.  If it still fails, the reference is measured
alone, with the student's processes stopped: if even the reference is
outside the band the grader knows it in, the machine is too busy to
judge, and the check says so and is marked for regrade instead of
deducting or awarding (the student cannot make the machine look busy to
gain: the reference is measured with their processes stopped, and a
regrade is no point given).

    judge_paired(2, "its victim's time", accept=within_ratio(1.6),
                 student=lambda: time_victim(mine), reference=lambda:
                 time_victim(ref), band=(0.5, 3.0), pause=frozen(proc))

Each tolerance is stated once, where the check calls this, and the
message shows it with the figures.
"""
import contextlib
import statistics

from . import ledger


@contextlib.contextmanager
def nothing_paused():
	yield


def median(xs):
	return statistics.median(xs)


def quantile(xs, p):
	"""The quantile P (0 to 1) of XS by linear interpolation between the
	closest ranks (R's and NumPy's default, type 7), as the labs teach
	it: at h = (n - 1) * p of the sorted numbers."""
	x = sorted(xs)
	h = (len(x) - 1) * p
	k = int(h)
	return x[-1] if k + 1 >= len(x) else x[k] + (h - k) * (x[k + 1] - x[k])


def paired_rounds(student, reference, rounds, pause=None):
	"""ROUNDS pairs, the order alternating: ([student], [reference]).
	The reference is measured inside PAUSE() (the student's processes
	held still): a submission cannot slow it down to look faster."""
	pause = pause or nothing_paused
	s, r = [], []

	def ref():
		with pause():
			r.append(reference())
	for i in range(rounds):
		if i % 2 == 0:
			s.append(student())
			ref()
		else:
			ref()
			s.append(student())
	return s, r


def frozen(proc):
	"""A PAUSE for judge_paired: PROC's cgroup frozen (cgroup v2)."""
	@contextlib.contextmanager
	def hold():
		path = getattr(proc, "cgroup", None)
		if path:
			with open(path + "/cgroup.freeze", "w") as f:
				f.write("1")
		try:
			yield
		finally:
			if path:
				with open(path + "/cgroup.freeze", "w") as f:
					f.write("0")
	return hold


def within_ratio(factor):
	"""Accept a student's median at most FACTOR times the reference's."""
	def accept(ms, mr):
		return mr > 0 and ms <= mr * factor
	accept.says = "at most ×%g the reference's" % factor
	return accept


def within_factor(factor):
	"""Accept a student's median within FACTOR of the reference's, either
	way: a figure that must be neither far slower nor far faster (a
	benchmark that skips the work it times is fast)."""
	def accept(ms, mr):
		return ms > 0 and mr > 0 and mr / factor <= ms <= mr * factor
	accept.says = "within ×%g of the reference's, either way" % factor
	return accept


def judge_paired(points, what, accept, student, reference, band,
		 rounds=5, remeasure=1, pause=nothing_paused, unit=""):
	"""Award POINTS if ACCEPT(median of STUDENT(), median of REFERENCE())
	in paired rounds, measured again up to REMEASURE times; else, with
	PAUSE() holding the student's processes still, measure REFERENCE()
	alone: outside BAND (lo, hi), the machine cannot judge (regrade);
	inside it, the points are missed."""
	says = getattr(accept, "says", "")
	seen = []
	for attempt in range(1 + remeasure):
		s, r = paired_rounds(student, reference, rounds, pause)
		ms, mr = median(s), median(r)
		seen.append("%g%s against %g%s" % (ms, unit, mr, unit))
		if accept(ms, mr):
			ledger.award(points, "%s: %g%s, the reference's %g%s (%s; median of %d paired rounds%s)"
				     % (what, ms, unit, mr, unit, says, rounds,
					", measured %d times" % (attempt + 1) if attempt else ""))
			return True
	with pause():
		alone = median([reference() for _ in range(rounds)])
	lo, hi = band
	if not lo <= alone <= hi:
		ledger.regrade(points, "%s: the machine cannot judge: the reference alone measured %g%s, outside %g%s to %g%s where it belongs (paired: %s)"
			       % (what, alone, unit, lo, unit, hi, unit, "; ".join(seen)))
		return None
	ledger.miss(points, "%s: %s (%s; each the median of %d paired rounds; the reference alone: %g%s)"
		    % (what, "; ".join(seen), says, rounds, alone, unit))
	return False
