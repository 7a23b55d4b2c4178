# SPDX-License-Identifier: GPL-2.0
"""gradelib.context: where a grading run's things are, for check bodies.

ctx.sub       the rebuilt submission (checks run with it as their cwd)
ctx.state     the run's state directory (the grader's; student code never
              sees it)
ctx.top       the checkout; ctx.lab_dir the lab's folder
ctx.ctlab     build/userland/ctlab; ctx.template the container template
ctx.kernel    the lab VM's kernel series; ctx.krel its release
ctx.seed      the run's seed; ctx.check the check running now (or None)
ctx.in_vm     True in a lab VM session
ctx.student_uid  the user student programs run as (sandbox.py)
"""
import os


class Context:
	def __init__(self):
		self.top = os.path.realpath(os.path.join(os.path.dirname(__file__),
							 "..", "..", ".."))
		self.build = os.path.join(self.top, "build")
		self.ctlab = os.path.join(self.build, "userland", "ctlab")
		self.template = os.path.join(self.build, "images", "template")
		self.lab_dir = None
		self.lab = None
		self.kernel = "6.1"
		self.krel = ""
		self.state = None
		self.sub = None
		self.seed = 0
		self.only = []
		self.check = None
		self.in_vm = False
		self.student_uid = None		# sandbox.STUDENT_UID

	def kernel_dir(self):
		return os.path.join(self.build, "kernels", self.kernel)

	def headers(self):
		return os.path.join(self.kernel_dir(), "usr", "src",
				    "linux-headers-" + self.krel)


ctx = Context()
