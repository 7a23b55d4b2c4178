# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # its variables are for the lab's grader
#
# labs/lib/grade.sh: the grading framework, sourced by each lab's `grade`.
#
# A grade script declares its checks, defines one function per check, and
# ends with `grade_main "$@"`:
#
#   source "${0%/*}/../lib/grade.sh"
#   lab_needs userland template          # what must be built first
#   check build 2 --host --given -- "builds with -Wall -Wextra -Werror"
#   check runs  2 --vm --timeout 60 -- "runs the command"
#   check_build() { ...; award 2 "it builds"; }
#   check_runs()  { ...; expect_eq 2 "its output" "$want" "$seen"; }
#   grade_main "$@"
#
# This file holds what a check body uses (award, miss, expect_*, random
# inputs, answers and facts); grade-run.sh runs the checks (on the host,
# and in fresh lab VMs) and grade-report.sh prints and writes the results.
# labs/README.md documents all of it for lab authors.

# Each check runs in a grader of its own, and in the lab VM under TCG a
# program costs a tenth of a second to start: the directories come from
# parameter expansion, not from dirname and basename.
GRADE_LIB=$(cd "${BASH_SOURCE[0]%/*}" && pwd -P)
TOP=$(cd "$GRADE_LIB/../.." && pwd)
LAB_DIR=$(cd "${0%/*}" && pwd)
LAB=${LAB_DIR##*/}
CTLAB=$TOP/build/userland/ctlab
TEMPLATE=$TOP/build/images/template

# The declarations, in the order the lab made them.
CHECKS=()
declare -A CHECK_POINTS=() CHECK_WHERE=() CHECK_TIMEOUT=() CHECK_VIS=() \
	CHECK_GIVEN=() CHECK_TITLE=() CHECK_INDEX=()
LAB_KERNEL=6.1
LAB_NEEDS=()

grade_die() { printf 'grade: %s\n' "$*" >&2; exit 2; }

# lab_kernel SERIES: the lab VM's kernel (6.1 or 6.12; default 6.1).
lab_kernel() { LAB_KERNEL=$1; }

# lab_needs WHAT...: what the grader checks is built before it starts:
# userland (build/userland/ctlab), template, guest (the `ctlab vm`
# image), module (ctlab.ko for the lab kernel), kernel (its headers).
lab_needs() { LAB_NEEDS+=("$@"); }

# check NAME POINTS [--host | --vm[=SESSION]] [--timeout SEC] [--hidden]
#       [--given] [-- TITLE]
# --host runs it on the grading machine; --vm (the default) in a fresh
# lab VM, one boot per SESSION (default "vm"), checks in the order
# declared.  --hidden: its result is shown to students only after the due
# date.  --given: the skeleton passes it as it is (building, say), so it
# is not one of the checks the skeleton must fail.
check() {
	local name=$1 points=$2
	shift 2
	[[ $name =~ ^[a-z][a-z0-9_]*$ ]] || grade_die "check name '$name': use [a-z0-9_]"
	[[ $points =~ ^[0-9]+(\.[0-9]+)?$ ]] || grade_die "check $name: points '$points'"
	[ -z "${CHECK_POINTS[$name]+x}" ] || grade_die "check $name declared twice"
	CHECK_INDEX[$name]=${#CHECKS[@]}
	CHECKS+=("$name")
	CHECK_POINTS[$name]=$points CHECK_WHERE[$name]=vm CHECK_TIMEOUT[$name]=60
	CHECK_VIS[$name]=visible CHECK_GIVEN[$name]='' CHECK_TITLE[$name]=$name
	while [ $# -gt 0 ]; do
		case $1 in
		--host) CHECK_WHERE[$name]=host ;;
		--vm) CHECK_WHERE[$name]=vm ;;
		--vm=*) CHECK_WHERE[$name]=${1#--vm=} ;;
		--timeout) CHECK_TIMEOUT[$name]=$2; shift ;;
		--hidden) CHECK_VIS[$name]=after_due_date ;;
		--given) CHECK_GIVEN[$name]=1 ;;
		--) shift; CHECK_TITLE[$name]="$name: $*"; break ;;
		*) grade_die "check $name: unknown option $1" ;;
		esac
		shift
	done
	[[ ${CHECK_TIMEOUT[$name]} =~ ^[1-9][0-9]*$ ]] || grade_die "check $name: timeout"
}

# ---- inside a check: scoring ----
#
# Every point of a check is either awarded or missed, each with a line
# that says what was checked: "+2 its output is right" or "-1 the host
# name inside: expected qwxz, saw labvm".  Points neither awarded nor
# missed when the check ends (it timed out, or the VM died) are lost, with
# the reason.  CHECK_LOG is the check's log, in the shared state directory.

_log() {
	local msg=${3//$'\t'/ }
	printf '%s\t%s\t%s\n' "$1" "$2" "${msg//$'\n'/ | }" >>"$CHECK_LOG"
}

# award POINTS MESSAGE / miss POINTS MESSAGE / note MESSAGE
# A note of several lines (a kernel log, say) stays several lines.
award() { _log award "$1" "$2"; }
miss() { _log miss "$1" "$2"; }
note() {
	local line
	while IFS= read -r line; do _log note - "$line"; done <<<"$1"
}

# Shorten what a student's program printed, for a message.
shown() {
	local s=${1//$'\n'/\\n}
	[ -n "$s" ] || { echo "nothing"; return; }
	[ ${#s} -le 120 ] || s="${s:0:117}..."
	printf '"%s"' "$s"
}

# expect_eq POINTS WHAT EXPECTED SEEN
expect_eq() {
	if [ "$3" = "$4" ]; then
		award "$1" "$2: $(shown "$4")"
	else
		miss "$1" "$2: expected $(shown "$3"), saw $(shown "$4")"
	fi
}

# expect_true POINTS WHAT WHY-NOT COMMAND...: award if COMMAND succeeds,
# else miss with "WHAT: WHY-NOT".
expect_true() {
	local points=$1 what=$2 why=$3
	shift 3
	if "$@"; then award "$points" "$what"; else miss "$points" "$what: $why"; fi
}

is_number() { [[ $1 =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; }

# expect_within POINTS WHAT ANSWER MEASURED TOLERANCE
# A measured answer: accepted if |ANSWER - MEASURED| <= TOLERANCE, which
# is "R%" (of MEASURED), "A" (absolute) or "R%,A" (the larger of both).
expect_within() {
	local points=$1 what=$2 answer=$3 measured=$4 tol=$5 verdict
	is_number "$measured" || { grader_error "$what: no measurement ($measured)"; return; }
	if ! is_number "$answer"; then
		miss "$points" "$what: expected a number near $measured, saw $(shown "$answer")"
		return
	fi
	# One awk for both the slack and the verdict: under TCG every
	# process costs a tenth of a second.
	verdict=$(awk -v a="$answer" -v m="$measured" -v t="$tol" 'BEGIN {
		n = split(t, part, ","); s = 0
		for (i = 1; i <= n; i++) {
			v = part[i]
			if (v ~ /%$/) { sub(/%$/, "", v); v = (m < 0 ? -m : m) * v / 100 }
			if (v + 0 > s) s = v + 0
		}
		d = a - m
		printf "%s %g", ((d < 0 ? -d : d) <= s) ? "ok" : "no", s }')
	if [ "${verdict% *}" = ok ]; then
		award "$points" "$what: you said $answer, measured here $measured (within ±${verdict#* })"
	else
		miss "$points" "$what: you said $answer, but it measures $measured here (accepted: ±${verdict#* })"
	fi
}

# expect_ratio POINTS WHAT ANSWER MEASURED FACTOR
# Accepted if ANSWER is within a factor FACTOR of MEASURED, either way:
# for figures that scale with the machine (times, rates), where only the
# order of magnitude is the lesson.
expect_ratio() {
	local points=$1 what=$2 answer=$3 measured=$4 factor=$5
	is_number "$measured" || { grader_error "$what: no measurement ($measured)"; return; }
	if ! is_number "$answer"; then
		miss "$points" "$what: expected a number near $measured, saw $(shown "$answer")"
		return
	fi
	if awk -v a="$answer" -v m="$measured" -v f="$factor" \
		'BEGIN { exit !(a > 0 && m > 0 && a >= m / f && a <= m * f) }'; then
		award "$points" "$what: you said $answer, measured here $measured (within ×$factor)"
	else
		miss "$points" "$what: you said $answer, but it measures $measured here (accepted: ÷$factor to ×$factor)"
	fi
}

# grader_error MESSAGE: the grader itself could not check something.
# The points it leaves unaccounted are lost (a broken grader must not hand
# out marks), and the message says so, for the student to take to the
# instructor; the self-tests fail on any such message.
grader_error() { _log error - "GRADER ERROR (tell your instructor): $1"; }

# run_for SECONDS COMMAND...: a step with its own time limit; its status,
# or 124 if it was killed.  Every step that runs student code uses it.
# COMMAND is a program (timeout cannot run a shell function).
run_for() {
	local secs=$1
	shift
	timeout -k 3 "$secs" "$@"
}

# ---- inside a check: inputs and answers ----

# rand_word [LENGTH] / rand_int LOW HIGH: inputs drawn from the check's
# seed (grade --seed repeats them).  They are used as $(rand_word), in a
# subshell, where bash reseeds RANDOM afresh and whatever the subshell
# draws is lost to the parent: two calls would not repeat with the seed.
# So the generator's state is a file, RAND_FILE (one per check and hook):
# each call reads it, steps it and writes it back, subshell or not.
# The generator is Knuth's 64-bit LCG (bash arithmetic wraps at 64 bits);
# its high bits are the random ones.
_rand_next() {
	local s=0
	[ -n "${RAND_FILE-}" ] && [ -f "$RAND_FILE" ] && read -r s <"$RAND_FILE"
	s=$((s * 6364136223846793005 + 1442695040888963407))
	[ -z "${RAND_FILE-}" ] || echo "$s" >"$RAND_FILE"
	_RAND=$(((s >> 33) & 0x7fffffff))
}

# rand_seed N: start the generator from N (the framework does, per check).
# N is scrambled first (splitmix64's finaliser): an LCG started from
# seeds that differ by one would draw almost the same first numbers.
rand_seed() {
	local z=$(($1 + 0x9E3779B97F4A7C15))
	# >> keeps the sign in bash; the masks make it a logical shift.
	z=$(((z ^ ((z >> 30) & 0x3FFFFFFFF)) * 0xBF58476D1CE4E5B9))
	z=$(((z ^ ((z >> 27) & 0x1FFFFFFFFF)) * 0x94D049BB133111EB))
	z=$((z ^ ((z >> 31) & 0x1FFFFFFFF)))
	[ -z "${RAND_FILE-}" ] || echo "$z" >"$RAND_FILE"
}

rand_word() {
	local n=${1:-8} w='' letters=abcdefghijklmnopqrstuvwxyz
	while [ ${#w} -lt "$n" ]; do
		_rand_next
		w+=${letters:_RAND % 26:1}
	done
	echo "$w"
}

rand_int() {
	_rand_next
	echo $(($1 + _RAND % ($2 - $1 + 1)))
}

# answer FILE KEY: the value of KEY in the student's key=value file FILE
# (relative to the submission), blanks trimmed; empty if not there.  The
# file is read once per check, in bash, and kept in ANSWERS.
declare -A ANSWERS=()
ANSWERS_FROM=
answer() {
	local line key val
	if [ "$ANSWERS_FROM" != "$1" ]; then
		ANSWERS=() ANSWERS_FROM=$1
		[ -f "$SUB/$1" ] || return 0
		while IFS= read -r line || [ -n "$line" ]; do
			line=${line%$'\r'}
			[[ $line =~ ^[[:space:]]*# ]] && continue
			[[ $line == *=* ]] || continue
			key=${line%%=*} val=${line#*=}
			key=${key#"${key%%[![:space:]]*}"} key=${key%"${key##*[![:space:]]}"}
			val=${val#"${val%%[![:space:]]*}"} val=${val%"${val##*[![:space:]]}"}
			ANSWERS[$key]=$val
		done <"$SUB/$1"
	fi
	printf '%s' "${ANSWERS[$2]-}"
}

# yesno VALUE: "yes", "no", or the value itself if it is neither.
yesno() {
	case ${1,,} in
	yes | y | true | 1) echo yes ;;
	no | n | false | 0) echo no ;;
	*) echo "$1" ;;
	esac
}

# set_fact KEY VALUE / fact KEY: what the grader measured, kept in the
# state directory so that a later check, or one in another VM, can use
# it.  Keys are words with dots.
set_fact() { mkdir -p "$STATE/facts" && printf '%s\n' "$2" >"$STATE/facts/$1"; }
fact() {
	local v
	[ -f "$STATE/facts/$1" ] && IFS= read -r v <"$STATE/facts/$1" && printf '%s' "$v"
}

# want_check NAME: is check NAME part of this run (not left out by
# --only)?  For a check or hook that measures for another one.
want_check() { [[ " ${CHECKS[*]} " == *" $1 "* ]]; }

# ---- reading what programs print, without a process ----

# In the lab VM under TCG, on a busy machine, every process costs up to
# half a second, and a check may poll dozens of times: these two start
# none.

# kv FILE KEY: the value of the last "KEY=value" line in FILE (nothing if
# there is none, or no FILE).  The file is read at once and the key found
# by the shell's pattern matching: a program's output may be hundreds of
# lines, and the shell reads a line at a time slowly under TCG.  A
# carriage return at the end of a line (a guest's console) is dropped.
# `kv /dev/stdin KEY <<<"$text"` reads a string.
kv() {
	local -a lines
	local all v IFS=$'\n'
	[ -r "$1" ] || return 0
	mapfile -t lines <"$1"
	all=$'\n'"${lines[*]%$'\r'}"$'\n'
	[[ $all == *$'\n'"$2="* ]] || return 0
	v=${all##*$'\n'"$2="}
	printf '%s' "${v%%$'\n'*}"
}
# kv_text TEXT KEY: the same, of a string.
kv_text() { kv /dev/stdin "$2" <<<"$1"; }

# nap SECONDS: sleep, in bash: a read with a timeout on a FIFO that
# nobody ever writes.
_NAP_FD=
nap() {
	local f
	if [ -z "$_NAP_FD" ]; then
		f=$(mktemp -u "${TMPDIR:-/tmp}/grade-nap.XXXXXX")
		mkfifo "$f" && exec {_NAP_FD}<>"$f" && rm -f "$f"
	fi
	read -r -t "$1" -u "$_NAP_FD" _ || true
}

# at_exit COMMAND: run COMMAND when the check ends, however it ends (its
# last line, an error, the framework's timeout), after those added later.
# One EXIT trap runs them all: a second `trap ... EXIT` would replace the
# first, and whatever it was to clean up would outlive the check.
_AT_EXIT=()
at_exit() {
	_AT_EXIT=("$1" "${_AT_EXIT[@]}")
	trap _run_at_exit EXIT
	trap 'exit 1' TERM
}
_run_at_exit() {
	local c
	for c in "${_AT_EXIT[@]}"; do eval "$c"; done
}

# ---- guests ----

# vm_dir: guests of this check's own, in a run directory short-named in
# /tmp (QEMU's sockets are in it, and a socket's path has to fit 108
# bytes: the state directory's would not), and none left when the check
# ends, even on a timeout (QEMU runs in a session of its own: it would
# outlive the check).  It sets CTLAB_RUN_DIR for ctlab vm.
vm_dir() {
	CTLAB_RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/grade-vm.XXXXXX")
	export CTLAB_RUN_DIR
	at_exit vm_cleanup
}
# guests_left: the guests in it, started and not removed.
guests_left() { find "$CTLAB_RUN_DIR" -mindepth 1 -maxdepth 1 -type d -printf '%f\n'; }
vm_cleanup() {
	local g
	[ -d "${CTLAB_RUN_DIR-}" ] || return 0
	for g in $(guests_left); do "$CTLAB" vm kill "$g" >/dev/null 2>&1; done
	rm -rf "$CTLAB_RUN_DIR"
}

# ---- for kernel labs ----

# kbuild DIR [SECONDS]: build the module whose Kbuild is in DIR (the
# student's lab copy) against the lab VM's kernel headers, as
# module/Makefile does for ctlab.ko, within SECONDS (default 300).  Prints
# the build's output; its status is make's, or 124.
kbuild() {
	local kdir=$TOP/build/kernels/$LAB_KERNEL/usr/src/linux-headers-$KREL
	timeout -k 5 "${2:-300}" make -C "$kdir" M="$1" W=1 modules 2>&1
}

# dmesg_mark: a line in the kernel log to look back from (in the VM).
# dmesg_since_mark: the kernel log after the last mark.
dmesg_mark() { echo "grade: mark $$" >/dev/kmsg; }
dmesg_since_mark() { dmesg | awk '/grade: mark / { n = 0; delete l; next } { l[n++] = $0 }
	END { for (i = 0; i < n; i++) print l[i] }'; }

source "$GRADE_LIB/grade-run.sh"
source "$GRADE_LIB/grade-report.sh"
