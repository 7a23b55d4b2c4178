# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/tap.sh: the TAP helper every shell suite sources, so that a
# pass, a failure and a skip mean the same in each (tests/run counts them).
#
#   tap NAME COMMAND...   run COMMAND (usually a function of the suite) as
#                         the next test: "ok N NAME" if it exits 0; if it
#                         exits 77, automake's "skipped", "ok N NAME # SKIP
#                         WHY" with WHY from $tap_skip_reason, which the
#                         command sets; otherwise "not ok N NAME".
#   skip NAME WHY         the next test, skipped without running it.
#   diag [TEXT...]        TEXT as a diagnostic line; without TEXT, each
#                         line of standard input.
#
# tap_n counts the tests so far (a suite that continues another's
# numbering sets it first) and tap_failed the failures: a suite ends with
# `[ "$tap_failed" = 0 ]` so that its exit status says so too.

tap_n=${tap_n:-0}
tap_failed=0
tap_skip_reason=

# (Its locals are named so that no test function's variable, set
# without `local`, can overwrite them.)
tap() {
	local _tap_name=$1 _tap_status
	shift
	tap_n=$((tap_n + 1))
	tap_skip_reason=
	"$@"
	_tap_status=$?
	if [ "$_tap_status" = 0 ]; then
		echo "ok $tap_n $_tap_name"
	elif [ "$_tap_status" = 77 ]; then
		echo "ok $tap_n $_tap_name # SKIP ${tap_skip_reason:-(no reason given)}"
	else
		echo "not ok $tap_n $_tap_name"
		tap_failed=$((tap_failed + 1))
	fi
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n $1 # SKIP $2"
}

diag() {
	if [ $# -gt 0 ]; then
		echo "# $*"
	else
		sed 's/^/# /'
	fi
}
