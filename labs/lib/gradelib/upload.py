# SPDX-License-Identifier: GPL-2.0
"""gradelib.upload: the submission, rebuilt from the student's upload.

A skeleton is generated afresh from the solution (labs/lib/mkskel), and
its list says which files are the student's and which are provided.  A
provided file always comes from the skeleton.  A student's file is taken
  1. at its path in the upload, or else
  2. by name, from the lab's own folder when the upload holds it (a whole
     checkout or a parent folder: labs/NN-topic/work/, or NN-topic/
     without its solution/ and tests/), never from elsewhere in it;
  3. or by name, anywhere in an upload without the lab's folder;
and two candidates for one file is an error that names both, never a
guess.  Files over 1 MiB, and anything else in the upload (built binaries
included), are ignored: what runs is built from the student's source.
"""
import os
import shutil
import subprocess

MAX_SIZE = 1 << 20
KIT_DIRS = ("solution", "tests", "grader", "skel")


def _files(top):
	for root, dirs, files in os.walk(top):
		dirs[:] = sorted(d for d in dirs if not d.startswith("."))
		for name in sorted(files):
			path = os.path.join(root, name)
			if os.path.isfile(path) and not os.path.islink(path):
				yield os.path.relpath(path, top)


def _lab_folders(upload, lab):
	"""The lab's own folders in the upload: .../NN-topic/work first."""
	found = []
	for root, dirs, _ in os.walk(upload):
		dirs[:] = [d for d in dirs if not d.startswith(".")]
		if os.path.basename(root) == lab:
			rel = os.path.relpath(root, upload)
			found.append(rel)
	return found


def candidates(upload, lab, rel):
	"""The upload's files that could be the student's REL."""
	if os.path.isfile(os.path.join(upload, rel)):
		return [rel]
	everything = [f for f in _files(upload)
		      if f == rel or f.endswith("/" + rel)]
	folders = _lab_folders(upload, lab)
	if not folders:
		return everything
	work = [f for f in everything
		if any(f.startswith(d + "/work/") for d in folders)]
	if work:
		return work
	return [f for f in everything
		if any(f.startswith(d + "/") and
		       f[len(d) + 1:].split("/")[0] not in KIT_DIRS
		       for d in folders)]


def rebuild(upload, lab_dir, state, sub, messages):
	"""Rebuild the submission in SUB; False if the grader cannot."""
	pristine = os.path.join(state, "pristine")
	mkskel = os.path.join(os.path.dirname(os.path.dirname(
		os.path.abspath(__file__))), "mkskel")
	if subprocess.run([mkskel, os.path.join(lab_dir, "solution"), pristine],
			  stdout=subprocess.DEVNULL).returncode != 0:
		messages.append("GRADER ERROR: the skeleton could not be generated")
		return False
	lab = os.path.basename(lab_dir)
	with open(pristine + ".files") as f:
		roles = [line.split(" ", 1) for line in f.read().splitlines()]
	for role, rel in roles:
		dest = os.path.join(sub, rel)
		os.makedirs(os.path.dirname(dest), exist_ok=True)
		original = os.path.join(pristine, rel)
		found = candidates(upload, lab, rel)
		source = original
		if role == "provided":
			if found and len(found) == 1 and not _same(os.path.join(upload, found[0]), original):
				messages.append("%s: restored to the original (it is provided; changes to it are not graded)" % rel)
		elif not found:
			messages.append("%s: not in your submission; graded the skeleton's" % rel)
		elif len(found) > 1:
			messages.append("%s: %d candidates in your submission (%s): upload one; graded the skeleton's"
					% (rel, len(found), ", ".join(found)))
		elif os.path.getsize(os.path.join(upload, found[0])) > MAX_SIZE:
			messages.append("%s: over 1 MiB, ignored; graded the skeleton's" % rel)
		else:
			source = os.path.join(upload, found[0])
			if found[0] != rel:
				messages.append("%s: taken from %s" % (rel, found[0]))
		shutil.copyfile(source, dest)
		shutil.copymode(original, dest)
	return True


def _same(a, b):
	with open(a, "rb") as x, open(b, "rb") as y:
		return x.read() == y.read()
