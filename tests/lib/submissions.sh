# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/submissions.sh: a lab's test submissions, made as a student
# would hand them in (labs/README.md, "A lab's tests"): tests/labs-suite
# grades each alone, tests/class-suite a class of them.  $lib is labs/lib.
#
#   variant_submission LAB V DEST   LAB's solution with tests/V.patch (-p1)
#   hostile_submission LAB H DEST   LAB's skeleton with tests/hostile/H/'s
#                                   files over it (attacks.h put in), or
#                                   with tests/hostile/H.patch applied
#   with_attacks DIR                in each file of DIR, the line
#                                   `#include "attacks.h"` replaced by
#                                   labs/lib/hostile/attacks.h, the attacks
#                                   every lab's hostile submissions share:
#                                   a submission holds only its own files

variant_submission() {
	rm -rf "$3"
	cp -r "$1/solution" "$3"
	patch -s -d "$3" -p1 <"$1/tests/$2.patch" || { echo "# $2.patch does not apply"; return 1; }
}

hostile_submission() {
	rm -rf "$3"
	"$lib/mkskel" "$1/solution" "$3" >/dev/null || return 1
	if [ -d "$1/tests/hostile/$2" ]; then
		cp -r "$1/tests/hostile/$2/." "$3/"
		with_attacks "$3"
	else
		patch -s -d "$3" -p1 <"$1/tests/hostile/$2.patch" ||
			{ echo "# hostile/$2.patch does not apply to the skeleton"; return 1; }
	fi
}

with_attacks() {
	local f
	for f in $(grep -rlx '#include "attacks.h"' "$1"); do
		awk -v lib="$lib/hostile/attacks.h" '
			$0 == "#include \"attacks.h\"" {
				while ((getline line < lib) > 0) print line
				next
			}
			{ print }' "$f" >"$f.new" && mv "$f.new" "$f" || return 1
	done
}
