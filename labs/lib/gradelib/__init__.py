# SPDX-License-Identifier: GPL-2.0
"""gradelib: the labs' grading library (labs/README.md, "The grading library").

A lab's grader is declarations and check bodies on this package:

    from gradelib import *

    lab = Lab("01-one-kernel", kernel="6.1", needs=["userland"])

    @check(points=2, where="host", given=True, timeout=180)
    def build():
        "minict builds with `-Wall -Wextra -Werror`"
        r = student(["make"], timeout=170)
        expect_true(2, "minict built", r.status == 0, r.tail())

    lab.main()

Every check runs in one Python process per session (the host's, or one
fresh lab VM's), which reports its lines over a channel student code
cannot write; the host adds them up and writes the human report, TAP and
results.json.  Student programs run through student(), never as root.
"""
from .declare import Lab, check, figures, prepare, setup, want_check
from .ledger import (award, miss, note, grader_error, regrade, expect_eq,
		     expect_true, expect_within, expect_ratio, shown, number,
		     positive)
from .measure import (judge_paired, paired_rounds, within_ratio, within_factor,
		      median, quantile, frozen)
from .inputs import rand_word, rand_int, answer, yesno, kv, set_fact, fact
from .context import ctx
from .run import run, student, student_program, StudentProcess, nap
from .sandbox import give_to_student
from .system import (kbuild, dmesg_mark, dmesg_since_mark, read_text,
		     mount_points, children, ns_id, VmDir, mount_tmpfs,
		     unmount_tree, ctlab_json, cgroup_stat, proc_status)

__all__ = [name for name in dir() if not name.startswith("_")]
