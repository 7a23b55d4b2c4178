# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # shared with grade.sh and the grader
#
# labs/lib/grade-run.sh: how a lab's checks run (sourced by grade.sh).
#
#   grade [--submission DIR] [--results DIR] [--state DIR] [--seed N]
#         [--only CHECK,...]
#
# 1. The submission is rebuilt in the state directory: each student file
#    from DIR (at its path, or found by name if the student uploaded a
#    folder), each provided file from a skeleton generated afresh from the
#    solution, so nothing the student changed in those is graded.  Only
#    the skeleton's files are taken: no stale binary is ever run.
# 2. Host checks run on this machine, one process each, under a timeout.
# 3. The lab's `prepare` hook, if any, runs here (measurements the VM
#    checks compare against).
# 4. Each VM session boots a fresh lab VM whose command is this same
#    script (--in-vm): it runs the session's setup_SESSION hook, then its
#    checks, each in a process of its own under its timeout, writing its
#    log into the state directory, which the VM shares with the host.  If
#    the VM crashes or hangs, the host still has every finished check's
#    log; the check that was running and those after it fail, saying why.
# 5. grade-report.sh adds it all up: human lines, TAP, results.json.
#
# The state directory is wiped at the start of each run; it is also what
# an instructor reads to see what a check saw (checks/NAME/output holds
# everything a check printed, console-SESSION.log each VM's console).

GRADE_SCRIPT=$LAB_DIR/${0##*/}
BOOT_ALLOWANCE=180	# seconds for a lab VM to boot and power off under TCG
HOOK_TIMEOUT=${HOOK_TIMEOUT:-300}

grade_usage() {
	cat >&2 <<-EOF
	usage: $LAB/grade [--submission DIR] [--results DIR] [--state DIR] [--seed N]
	                  [--only CHECK,...]
	       $LAB/grade --list
	EOF
	exit 2
}

grade_main() {
	# The framework checks every status it cares about; a check's probes
	# fail as a matter of course.  So no errexit from here on.
	set +e
	case ${1-} in
	--in-vm) shift; _grade_in_vm "$@" ;;
	--run-check) shift; _grade_run_check "$@" ;;
	--run-hook) shift; _grade_run_hook "$@" ;;
	--list) _grade_list ;;
	*) _grade "$@" ;;
	esac
}

# Sessions in the order their first check was declared; "host" first.
_grade_sessions() {
	local name seen=" host "
	echo host
	for name in "${CHECKS[@]}"; do
		case $seen in *" ${CHECK_WHERE[$name]} "*) continue ;; esac
		seen+="${CHECK_WHERE[$name]} "
		echo "${CHECK_WHERE[$name]}"
	done
}

_grade_list() {
	local name
	printf '%-20s %6s  %-8s %7s  %s\n' CHECK POINTS WHERE TIMEOUT FLAGS
	for name in "${CHECKS[@]}"; do
		printf '%-20s %6s  %-8s %6ss  %s\n' "$name" "${CHECK_POINTS[$name]}" \
			"${CHECK_WHERE[$name]}" "${CHECK_TIMEOUT[$name]}" \
			"${CHECK_GIVEN[$name]:+given }${CHECK_VIS[$name]/visible/}"
	done
}

# --only CHECK,...: only these checks, for working on a few; the rest are
# left out of the run and of the results altogether.
_grade_select() {
	local name kept=()
	[ -n "${GRADE_ONLY-}" ] || return 0
	for name in "${CHECKS[@]}"; do
		[[ ",$GRADE_ONLY," == *",$name,"* ]] && kept+=("$name")
	done
	CHECKS=("${kept[@]}")
}

# Every process a check or a hook runs in sources the run's settings.
_grade_load_state() {
	[ "${1-}" = --state ] && [ -n "${2-}" ] || grade_usage
	STATE=$2
	# shellcheck source=/dev/null
	source "$STATE/env"
	_grade_select
}

_grade_write_env() {
	{
		printf 'SUB=%q\n' "$SUB"
		printf 'GRADE_SEED=%q\n' "$GRADE_SEED"
		printf 'GRADE_ONLY=%q\n' "$GRADE_ONLY"
		printf 'KREL=%q\n' "$KREL"
	} >"$STATE/env"
}

_grade_run_check() {
	local name=$1
	shift
	_grade_load_state "$@"
	CHECK_LOG=$STATE/checks/$name/log
	# A seed of its own per check: reproducible, and not the same words
	# in every check.
	RANDOM=$((GRADE_SEED + 7919 * CHECK_INDEX[$name]))
	RAND_FILE=$STATE/checks/$name/rand
	rand_seed $((GRADE_SEED + 7919 * CHECK_INDEX[$name]))
	set +e
	cd "$SUB" || exit 1
	"check_$name"
}

_grade_run_hook() {
	local hook=$1
	shift
	_grade_load_state "$@"
	CHECK_LOG=$STATE/$hook.log
	RANDOM=$GRADE_SEED
	RAND_FILE=$STATE/$hook.rand
	rand_seed "$GRADE_SEED"
	set +e
	cd "$SUB" || exit 1
	"$hook"
}

# _grade_check_process NAME: one check, in a process of its own.  timeout
# kills its whole process group, so nothing a check started outlives it.
_grade_check_process() {
	local name=$1 dir=$STATE/checks/$1
	mkdir -p "$dir"
	: >"$dir/log"
	: >"$dir/started"
	timeout -k 5 "${CHECK_TIMEOUT[$name]}" "$GRADE_SCRIPT" --run-check "$name" \
		--state "$STATE" >"$dir/output" 2>&1 </dev/null
	echo $? >"$dir/exit"
}

# _grade_hook_process HOOK: run a hook if the lab defines it.
_grade_hook_process() {
	declare -F "$1" >/dev/null || return 0
	timeout -k 5 "$HOOK_TIMEOUT" "$GRADE_SCRIPT" --run-hook "$1" \
		--state "$STATE" >"$STATE/$1.output" 2>&1 </dev/null
	echo $? >"$STATE/$1.exit"
}

# In the lab VM: the session's setup, then its checks, in order.
_grade_in_vm() {
	local session=$1 name
	shift
	_grade_load_state "$@"
	# The lab VM's /dev is a bare devtmpfs: without /dev/fd, bash's
	# <(...) fails, and a check using it would see nothing.
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	_grade_hook_process "setup_$session"
	for name in "${CHECKS[@]}"; do
		[ "${CHECK_WHERE[$name]}" = "$session" ] && _grade_check_process "$name"
	done
	: >"$STATE/session-$session.done"
}

# Why a VM session ended early, from labvm's report: its first line, and
# the console from the first sign of a crash (at most 12 lines).
_grade_vm_failure() {
	local err=$1
	grep -m1 '^labvm: ' "$err" | sed 's/; its console (.*) ends:$//' |
		grep . || echo "the lab VM did not report back"
	sed -n 's/^    //p' "$err" | awk '
		/Kernel panic|BUG:|Oops|WARNING:|general protection|Call Trace/ && !from { from = NR }
		{ line[NR] = $0 }
		END { if (!from) from = NR > 6 ? NR - 5 : 1
		      for (i = from; i <= NR && i < from + 12; i++) print "console: " line[i] }'
}

_grade_vm_session() {
	local session=$1 name total=$BOOT_ALLOWANCE status crashed='' why
	declare -F "setup_$session" >/dev/null && total=$((total + HOOK_TIMEOUT))
	for name in "${CHECKS[@]}"; do
		[ "${CHECK_WHERE[$name]}" = "$session" ] &&
			total=$((total + CHECK_TIMEOUT[$name] + 10))
	done
	(cd "$STATE" && "$TOP/vm-images/labvm" run --kernel "$LAB_KERNEL" \
		--timeout "$total" --results "$STATE" -- \
		"$GRADE_SCRIPT" --in-vm "$session" --state "$STATE") \
		>"$STATE/vm-$session.out" 2>"$STATE/vm-$session.err" </dev/null
	status=$?
	[ -f "$STATE/console.log" ] && mv "$STATE/console.log" "$STATE/console-$session.log"
	[ -f "$STATE/session-$session.done" ] && return 0
	why=$(_grade_vm_failure "$STATE/vm-$session.err")
	[ $status -eq 125 ] || why="labvm exited with status $status"$'\n'"$why"
	for name in "${CHECKS[@]}"; do
		[ "${CHECK_WHERE[$name]}" = "$session" ] || continue
		[ -f "$STATE/checks/$name/exit" ] && continue
		mkdir -p "$STATE/checks/$name"
		if [ -f "$STATE/checks/$name/started" ] && [ -z "$crashed" ]; then
			crashed=$name
			printf 'the lab VM stopped (crashed or hung) while this check ran\n%s\n' \
				"$why" >"$STATE/checks/$name/stopped"
		elif [ -n "$crashed" ]; then
			echo "not run: the lab VM stopped during check $crashed" >"$STATE/checks/$name/stopped"
		else
			echo "not run: the lab VM stopped before this check" >"$STATE/checks/$name/stopped"
		fi
	done
}

# The student's copy of a file: at its path, or else the one file of that
# name anywhere in the submission (a student who uploaded a folder).
_grade_find() {
	local from=$1 rel=$2 found
	[ -f "$from/$rel" ] && { echo "$from/$rel"; return; }
	found=$(find "$from" -type f -name "$(basename "$rel")" -not -path '*/.*' 2>/dev/null |
		awk '{ print length($0), $0 }' | sort -n | head -n1 | cut -d' ' -f2-)
	[ -n "$found" ] && echo "$found"
}

# Rebuild the submission in $SUB: see the top of this file.
_grade_prepare_submission() {
	local from=$1 role rel src
	"$GRADE_LIB/mkskel" "$LAB_DIR/solution" "$STATE/pristine" ||
		{ GENERAL+=("GRADER ERROR: the skeleton could not be generated"); return 1; }
	mkdir -p "$SUB"
	while read -r role rel; do
		mkdir -p "$(dirname "$SUB/$rel")"
		src=$(_grade_find "$from" "$rel")
		if [ "$role" = provided ]; then
			cp "$STATE/pristine/$rel" "$SUB/$rel"
			[ -n "$src" ] && ! cmp -s "$src" "$STATE/pristine/$rel" &&
				GENERAL+=("$rel: restored to the original (it is provided; changes to it are not graded)")
		elif [ -z "$src" ]; then
			cp "$STATE/pristine/$rel" "$SUB/$rel"
			GENERAL+=("$rel: not in your submission; graded the skeleton's")
		elif [ "$(stat -c %s "$src")" -gt 1048576 ]; then
			cp "$STATE/pristine/$rel" "$SUB/$rel"
			GENERAL+=("$rel: over 1 MiB, ignored; graded the skeleton's")
		else
			cp "$src" "$SUB/$rel"
			[ "$src" = "$from/$rel" ] || GENERAL+=("$rel: taken from ${src#"$from"/}")
		fi
		chmod --reference="$STATE/pristine/$rel" "$SUB/$rel"
	done <"$STATE/pristine.files"
}

# What the lab declared it needs, built before grading (make grade does).
_grade_check_needs() {
	local what missing=() kdir=$TOP/build/kernels/$LAB_KERNEL
	if [ -f "$kdir/release" ]; then
		KREL=$(cat "$kdir/release")
	else
		KREL=
		missing+=("the lab VM's kernel $LAB_KERNEL (make deps)")
	fi
	for what in "${LAB_NEEDS[@]}"; do
		case $what in
		userland) [ -x "$CTLAB" ] || missing+=("build/userland/ctlab (make userland)") ;;
		template) [ -x "$TEMPLATE/bin/busybox" ] || missing+=("the container template (make template)") ;;
		guest) [ -f "$TOP/build/images/guest/vmlinux" ] &&
			[ -f "$TOP/build/images/guest/initramfs.cpio" ] ||
			missing+=("the guest image (make guest)") ;;
		module) [ -f "$TOP/build/module/$KREL/ctlab.ko" ] ||
			missing+=("ctlab.ko for $LAB_KERNEL (make -C module KVER=$LAB_KERNEL)") ;;
		kernel) [ -f "$kdir/usr/src/linux-headers-$KREL/Makefile" ] ||
			missing+=("the headers of kernel $LAB_KERNEL (make deps)") ;;
		*) missing+=("lab_needs: unknown '$what'") ;;
		esac
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	for what in "${missing[@]}"; do GENERAL+=("GRADER ERROR: missing $what"); done
	return 1
}

_grade() {
	local from=$LAB_DIR/work results='' state='' seed=${GRADE_SEED-} session name ready=1 \
		only=
	while [ $# -gt 0 ]; do
		case $1 in
		--submission | --results | --state | --seed | --only)
			[ $# -ge 2 ] || grade_usage
			case $1 in
			--submission) from=$2 ;; --results) results=$2 ;;
			--state) state=$2 ;; --seed) seed=$2 ;; --only) only=$2 ;;
			esac
			shift 2 ;;
		*) grade_usage ;;
		esac
	done
	[ -d "$from" ] || grade_die "no submission directory $from" \
		"(make lab LAB=${LAB%%-*} creates labs/$LAB/work)"
	for name in ${only//,/ }; do
		[ -n "${CHECK_POINTS[$name]+x}" ] || grade_die "--only: no check $name"
	done
	GRADE_ONLY=$only
	_grade_select
	[ -z "$seed" ] && seed=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	[[ $seed =~ ^[0-9]+$ ]] || grade_die "--seed takes a number"
	from=$(cd "$from" && pwd)
	results=${results:-$TOP/build/labs/$LAB/results}
	STATE=${state:-$TOP/build/labs/$LAB/grading}
	# It is wiped: refuse a directory that is neither empty nor a state
	# directory of an earlier run (checks/ is made first, below).
	[ ! -d "$STATE" ] || [ -d "$STATE/checks" ] || [ -z "$(ls -A "$STATE")" ] ||
		grade_die "--state $STATE: not empty and not a grading state directory; it would be wiped"
	rm -rf "$STATE"
	mkdir -p "$STATE/checks" "$results"
	STATE=$(cd "$STATE" && pwd)
	SUB=$STATE/submission GRADE_SEED=$seed GENERAL=() GRADE_T0=$SECONDS

	_grade_prepare_submission "$from" || ready=
	_grade_check_needs || ready=
	_grade_write_env
	if [ -n "$ready" ]; then
		for name in "${CHECKS[@]}"; do
			[ "${CHECK_WHERE[$name]}" = host ] && _grade_check_process "$name"
		done
		_grade_hook_process prepare
		while read -r session; do
			[ "$session" = host ] || _grade_vm_session "$session"
		done < <(_grade_sessions)
	else
		for name in "${CHECKS[@]}"; do
			mkdir -p "$STATE/checks/$name"
			echo "not run: the grader could not start (see above)" >"$STATE/checks/$name/stopped"
		done
	fi
	# A hook that failed is the grader's failure: say so up front.
	for name in "$STATE"/*.exit; do
		[ -f "$name" ] && [ "$(cat "$name")" != 0 ] &&
			GENERAL+=("GRADER ERROR: $(basename "$name" .exit) failed (status $(cat "$name"); see $STATE/$(basename "$name" .exit).output)")
	done
	grade_report "$from" "$results"
	# Graded: 0, whatever the score.  1: it could not grade (and said why).
	[ -n "$ready" ]
}
