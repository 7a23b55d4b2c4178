# SPDX-License-Identifier: GPL-2.0
"""gradelib.sandbox: where student code runs (labs/README.md, "Threat model").

Every student program the grader starts, on the grading host as in a lab
VM, runs
  - as an unprivileged user (ctx.student_uid: an account nobody has, one
    for each grading run, from STUDENT_UID up, so that the per-user limit
    on processes is each run's own), with no
    capabilities and no_new_privs: it cannot signal, ptrace or read the
    grader's processes, and writes nothing the grader owns;
  - in a mount namespace of its own whose root holds the system (/usr,
    /etc, read-only), /dev, /proc, /sys, small tmpfs of its own for /tmp,
    /var/tmp and /dev/shm, and only what the check exposes (the student's
    own files, kernel headers), at their paths: the checkout (solutions,
    graders, their programs), other copies of it, the run's state and
    the grader's /run cannot even be named.  The mounts are locked: a
    user namespace it makes cannot undo them;
  - in a cgroup of its own (where cgroup v2 is mounted) with memory and
    pids limits, killed as a whole when its time is up or its check ends,
    and with resource limits besides (file size, no core; processes
    where there is no cgroup).
A lab whose task needs namespaces has the student's program make them in
a user namespace of its own (`unshare --user`): root there, nobody here.
Two more privileges, where the task demands them (`user=`):
  - "userns": root of a user namespace the grader makes, whose 65536
    users are this run's student user (its root) and USERNS_BASE + 1
    on, accounts nobody has: it can own files as any user (tar -p, a
    backup that keeps owners) and is nobody to the rest of the machine;
  - "root": root, for a task that administers what root made (a
    container's files from the host); its capabilities bounded as a
    ctlab container's root's are (userland/lib/caps.c).  It can still
    reach the grader (labs/README.md, "Threat model" says what remains).
Grading as a normal user (a student's `make grade`) cannot drop to
another user: the code runs as that user, and the report says so.
"""
import ctypes
import os
import resource

from .context import ctx

STUDENT_UID = 64000
STUDENT_UIDS = 1000


def run_uid(pid):
	"""The student's user for the grading run of process PID: RLIMIT_NPROC
	counts a user's processes on the whole machine, and one run's fork
	bomb must not stop another's build graded beside it."""
	return STUDENT_UID + pid % STUDENT_UIDS


def student_uid():
	"""This run's student user."""
	return ctx.student_uid or STUDENT_UID


def is_student(uid):
	"""Whether UID is one student code runs as: this run's user, or one
	of the users of a user namespace of the grader's ("userns").  Root
	("root", where a task demands it) cannot be told from the grader."""
	return uid == student_uid() or USERNS_BASE < uid <= USERNS_BASE + 65535


CGROUP_ROOT = "/sys/fs/cgroup"
CGROUP_DIR = CGROUP_ROOT + "/grade-student"
MEMORY_MIB = 384
LIMITS = {"memory.max": str(MEMORY_MIB << 20), "memory.swap.max": "0",
	  "pids.max": "256"}
TMP_SIZE = "32m"

USERNS_BASE = 100000
# What "root" gives up for good: the powers over the whole machine that
# a ctlab container's root gives up (userland/lib/caps.c): modules, raw
# I/O, the clock, reboot, MAC, the kernel log, audit, alarms.
DROPPED_CAPS = (16, 17, 25, 22, 33, 32, 34, 30, 35, 36)

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
PR_CAPBSET_DROP = 24
MS_RDONLY, MS_NOSUID, MS_NODEV = 1, 2, 4
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38

_libc = ctypes.CDLL(None, use_errno=True)


def _c(s):
	return s.encode() if s is not None else None


def _mount(src, target, fstype, flags, data=None):
	if _libc.mount(_c(src), _c(target), _c(fstype), ctypes.c_ulong(flags),
		       _c(data)) != 0:
		e = ctypes.get_errno()
		raise OSError(e, "mount %s: %s" % (target, os.strerror(e)))


def available():
	"""Can this process change a student program's user (is it root)?"""
	return os.geteuid() == 0


_can_mount = []


def can_mount():
	"""Can it also give it a mount namespace?  (Not in a container
	without CAP_SYS_ADMIN, as a Gradescope image may be: student code
	then still runs as ctx.student_uid, and the grader's files are kept
	from it by their modes alone.)"""
	if not _can_mount:
		ok = False
		if available():
			pid = os.fork()
			if pid == 0:
				try:
					if _libc.unshare(CLONE_NEWNS) == 0:
						_mount(None, "/", None, MS_REC | MS_PRIVATE)
						_mount("grade-probe", "/tmp", "tmpfs", 0, "size=1m")
						os._exit(0)
				except Exception:
					pass
				os._exit(1)
			ok = os.waitpid(pid, 0)[1] == 0
		_can_mount.append(ok)
	return _can_mount[0]


_cgroups = []
_serial = 0


def cgroup_limits(memory=None):
	"""LIMITS, with memory.max MEMORY MiB if given."""
	limits = dict(LIMITS)
	if memory:
		limits["memory.max"] = str(int(memory) << 20)
	return limits


def new_cgroup(memory=None):
	"""A cgroup for one student process tree, or None without cgroup v2.
	MEMORY: its memory.max in MiB, where a task needs more than
	MEMORY_MIB (lab 05's guests: each QEMU holds its RAM)."""
	global _serial
	if not available() or not os.path.exists(CGROUP_ROOT + "/cgroup.controllers"):
		return None
	_serial += 1
	path = "%s/c%d-%d" % (CGROUP_DIR, os.getpid(), _serial)
	try:
		os.makedirs(CGROUP_DIR, exist_ok=True)
		for parent in (CGROUP_ROOT, CGROUP_DIR):
			with open(parent + "/cgroup.subtree_control", "w") as f:
				f.write("+memory +pids")
		os.mkdir(path)
	except OSError:
		return None
	for key, value in cgroup_limits(memory).items():
		try:
			with open("%s/%s" % (path, key), "w") as f:
				f.write(value)
		except OSError:
			pass
	_cgroups.append(path)
	return path


def cgroup_pids(path):
	"""The processes in cgroup PATH now ([] without one)."""
	try:
		with open(path + "/cgroup.procs") as f:
			return [int(x) for x in f.read().split()]
	except (OSError, TypeError, ValueError):
		return []


def uid_pids(uid):
	"""The live processes whose real user is UID, from /proc/PID/status
	(the owner of /proc/PID is root for a process that made itself not
	dumpable); a zombie is dead, whoever has yet to reap it."""
	found = []
	for d in os.listdir("/proc"):
		try:
			with open("/proc/%s/status" % d) as f:
				fields = dict(l.split(":", 1) for l in f if ":" in l)
			if fields["State"].split()[0] != "Z" and \
			   int(fields["Uid"].split()[0]) == uid:
				found.append(int(d))
		except (OSError, ValueError, KeyError, IndexError):
			pass
	return found


# Student processes started with no cgroup to hold them (cgroup v1, as on
# some hosts): a process that leaves its process group (setsid(2), as
# QEMU's launcher does) is found by its user instead.
_uncontained = []


def leftovers(cgroup):
	"""Student processes still running from one program: in its CGROUP;
	or, without one, every process of this run's student user (a
	program that left one behind: a daemon, a guest's QEMU)."""
	if cgroup:
		return cgroup_pids(cgroup)
	return uid_pids(student_uid()) if available() else []


def kill_cgroup(path):
	"""Kill every process in PATH and remove it."""
	if not path or not os.path.isdir(path):
		return
	try:
		with open(path + "/cgroup.kill", "w") as f:
			f.write("1")
	except OSError:
		pass
	import time
	for _ in range(100):
		try:
			with open(path + "/cgroup.events") as f:
				if "populated 0" in f.read():
					break
		except OSError:
			break
		time.sleep(0.05)
	try:
		os.rmdir(path)
	except OSError:
		pass
	if path in _cgroups:
		_cgroups.remove(path)


def kill_all():
	"""At the end of a check: whatever student code it started, in its
	cgroups or, where it had none, by its user."""
	import signal
	for path in list(_cgroups):
		kill_cgroup(path)
	if _uncontained:
		del _uncontained[:]
		for _ in range(20):
			pids = uid_pids(student_uid())
			if not pids:
				break
			for pid in pids:
				try:
					os.kill(pid, signal.SIGKILL)
				except OSError:
					pass


def environment(extra=None):
	env = {"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
	       "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8"}
	env.update(extra or {})
	return env


def preexec(cgroup, expose, cwd, user="student"):
	"""The function a student process runs between fork and exec, as
	root: its cgroup, its view of the files, its limits, then USER."""
	def enter():
		try:
			_enter(cgroup, expose, cwd, user)
		except Exception as e:
			os.write(2, ("grade: cannot sandbox the student's program: %s\n"
				     % e).encode())
			raise
	return enter


def _enter(cgroup, expose, cwd, user):
	os.umask(0o022)		# the grader's is 077; a student's is the usual
	if cgroup:
		with open(cgroup + "/cgroup.procs", "w") as f:
			f.write("0")
	if can_mount():
		_view(expose)
	limits = [(resource.RLIMIT_FSIZE, 64 << 20), (resource.RLIMIT_CORE, 0)]
	if not cgroup:
		# The count of processes only where no cgroup counts them: it
		# is per user, machine-wide (each grading run has a user of its
		# own, student_uid(), but its checks share it), so a fork bomb
		# would leave the next check's `make` unable to fork.
		limits.append((resource.RLIMIT_NPROC, 512))
	for res, value in limits:
		resource.setrlimit(res, (value, value))
	if user == "root":
		for cap in DROPPED_CAPS:
			_libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
	elif user == "userns":
		_own_userns()
		os.setgroups([])
		os.setresgid(0, 0, 0)
		os.setresuid(0, 0, 0)
	else:
		os.setgroups([])
		uid = student_uid()
		os.setresgid(uid, uid, uid)
		os.setresuid(uid, uid, uid)
	_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
	os.chdir(cwd)


def _own_userns():
	"""Into a new user namespace, mapped by a helper that stays outside
	(a process cannot map its own namespace to users it is not)."""
	mapping = "0 %d 1\n1 %d 65535\n" % (student_uid(), USERNS_BASE + 1)
	me = os.getpid()
	r, w = os.pipe()
	helper = os.fork()
	if helper == 0:
		os.close(w)
		ok = os.read(r, 1) == b"u"
		try:
			for name in ("uid_map", "gid_map"):
				fd = os.open("/proc/%d/%s" % (me, name), os.O_WRONLY)
				os.write(fd, mapping.encode())
				os.close(fd)
		except OSError:
			ok = False
		os._exit(0 if ok else 1)
	os.close(r)
	if _libc.unshare(CLONE_NEWUSER) != 0:
		raise OSError(ctypes.get_errno(), "unshare a user namespace")
	os.write(w, b"u")
	os.close(w)
	if os.waitpid(helper, 0)[1] != 0:
		raise OSError("cannot map the student's user namespace")


# What a student's view of the files holds besides what a check exposes:
# the system (read-only) and the kernel's file systems.
SYSTEM = ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc")
KERNEL_FS = ("dev", "proc", "sys")


def _view(expose):
	"""The student's view of the files: a root of its own (a tmpfs) with
	the system, /dev, /proc and /sys bound in, fresh /tmp, /var/tmp and
	/dev/shm, and only what the check exposes, at its path.  The old
	root is detached, so nothing else on the machine (this checkout,
	other copies of it, the state, the grader's /run) can be named."""
	if _libc.unshare(CLONE_NEWNS) != 0:
		raise OSError(ctypes.get_errno(), "unshare")
	_mount(None, "/", None, MS_REC | MS_PRIVATE)
	new = "/tmp/.grade-root"
	os.makedirs(new, exist_ok=True)
	_mount("grade-root", new, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
	for name in SYSTEM + KERNEL_FS:
		old = "/" + name
		if os.path.islink(old):
			os.symlink(os.readlink(old), new + old)
		elif os.path.isdir(old):
			os.mkdir(new + old)
			_mount(old, new + old, None, MS_BIND | MS_REC)
			if name in SYSTEM:
				_mount(None, new + old, None, MS_BIND | MS_REMOUNT | MS_RDONLY)
	for p in ("/tmp", "/var/tmp", "/dev/shm"):
		os.makedirs(new + p, exist_ok=True)
		_mount("grade-tmp", new + p, "tmpfs", MS_NOSUID | MS_NODEV,
		       "size=%s,mode=1777" % TMP_SIZE)
	for p, rw in expose:
		os.makedirs(new + p, exist_ok=True)
		_mount(p, new + p, None, MS_BIND | MS_REC)
		if not rw:
			_mount(None, new + p, None, MS_BIND | MS_REMOUNT | MS_RDONLY)
	os.mkdir(new + "/.old")
	if _libc.syscall(155, _c(new), _c(new + "/.old")) != 0:	# pivot_root
		raise OSError(ctypes.get_errno(), "pivot_root")
	os.chdir("/")
	if _libc.umount2(_c("/.old"), 2) != 0:			# MNT_DETACH
		raise OSError(ctypes.get_errno(), "umount the old root")
	os.rmdir("/.old")
	_mount(None, "/", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def give_to_student(path):
	"""PATH (a directory the grader made) becomes the student user's; or,
	grading as a normal user, readable by all (the lab VM's student
	user must read it)."""
	for root, dirs, files in os.walk(path):
		for name in [root] + [os.path.join(root, f) for f in files]:
			if available():
				os.lchown(name, student_uid(), student_uid())
			elif not os.path.islink(name):
				mode = os.stat(name).st_mode
				os.chmod(name, mode | 0o044 | (0o011 if mode & 0o100 else 0))
