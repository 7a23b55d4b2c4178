# SPDX-License-Identifier: GPL-2.0
"""gradelib.inputs: seeded inputs, a student's answers, the grader's facts.

rand_word/rand_int draw from a generator seeded per run and per check
(`grade --seed N` repeats them), so a check's inputs do not depend on
which other checks ran.  answer() reads a student's key = value file as
text and nothing else: it is never sourced or evaluated.  Facts are what
the grader measured, for later checks and later sessions: a session
reports them over its channel, and the host keeps them.
"""
import os
import random
import string

from . import channel
from .context import ctx

_rng = random.Random(0)
_facts = {}


def reseed(salt):
	global _rng
	_rng = random.Random("%d/%s" % (ctx.seed, salt))


def rand_word(n=8):
	return "".join(_rng.choice(string.ascii_lowercase) for _ in range(n))


def rand_int(lo, hi):
	return _rng.randint(lo, hi)


_answers = {}


def answer(path, key):
	"""The value of KEY in the student's key = value file PATH (relative
	to the submission), blanks trimmed; "" if it is not there."""
	if path not in _answers:
		values = {}
		try:
			with open(os.path.join(ctx.sub, path), errors="replace") as f:
				text = f.read(1 << 20)
		except OSError:
			text = ""
		for line in text.splitlines():
			if line.lstrip().startswith("#") or "=" not in line:
				continue
			k, v = line.split("=", 1)
			values[k.strip()] = v.strip()
		_answers[path] = values
	return _answers[path].get(key, "")


def yesno(value):
	""""yes", "no", or the value itself if it is neither."""
	v = str(value).strip().lower()
	if v in ("yes", "y", "true", "1"):
		return "yes"
	if v in ("no", "n", "false", "0"):
		return "no"
	return value


def kv(text, key):
	"""The value of the last KEY=value line of TEXT ("" if none)."""
	found = ""
	for line in str(text).splitlines():
		if line.startswith(key + "="):
			found = line[len(key) + 1:].rstrip("\r")
	return found


def load_facts(facts):
	_facts.clear()
	_facts.update(facts)


def set_fact(key, value):
	_facts[key] = str(value)
	channel.send({"t": "fact", "k": key, "v": str(value)})


def fact(key):
	return _facts.get(key, "")
