# SPDX-License-Identifier: GPL-2.0
"""gradelib.channel: how a session's verdicts reach the host.

A session process (the host's, or the one grader process in a lab VM)
writes one record per line: "GRADE1 NONCE JSON".  On the host the
channel is a pipe to the grading process; in a lab VM it is the serial
console, which QEMU hands to the host's labvm process: a file descriptor
no student process holds (student code runs as an unprivileged user, who
cannot open the console, and with its own stdout).  NONCE is drawn per
session and known only to the grader's processes (it reaches the VM in
the environment of the grader, which other users cannot read), so a line
printed by anything else (a kernel message, a student's program's output
echoed somewhere) is not a record.
"""
import json
import os
import re

PREFIX = "GRADE1"
_fd = None
_nonce = ""
_check = None


def open_channel(fd, nonce):
	global _fd, _nonce
	_fd, _nonce = fd, nonce


def set_check(name):
	global _check
	_check = name


def send(record):
	"""Write RECORD (a dict) as one line, in one write()."""
	if _check is not None and "check" not in record:
		record = dict(record, check=_check)
	line = "%s %s %s\n" % (PREFIX, _nonce, json.dumps(record))
	data = line.encode()
	while data:
		n = os.write(_fd, data)
		data = data[n:]


RECORD = re.compile(r"^.*?%s (\S+) (\{.*\})\s*$" % PREFIX)


def parse(line, nonce):
	"""The record on LINE if it carries NONCE, else None."""
	m = RECORD.match(line)
	if not m or m.group(1) != nonce:
		return None
	try:
		rec = json.loads(m.group(2))
	except ValueError:
		return None
	return rec if isinstance(rec, dict) else None
