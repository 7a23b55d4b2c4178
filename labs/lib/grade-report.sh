# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# labs/lib/grade-report.sh: one grading run, reported three ways (sourced
# by grade.sh):
#
#   on stdout      one line per check, "name ..... passed [2/2]", with the
#                  reasons under any check that lost points, and a total
#   grade.tap      TAP: one test per check, ok only at full marks
#   results.json   Gradescope's format (labs/README.md, "results.json")
#
# A check's score is what it awarded, capped at its points.  Points it
# neither awarded nor missed are lost, with the reason: it timed out, the
# VM stopped, a grader error, or (a bug in the lab's grader) it just did
# not say.

# _grade_score NAME: prints "EARNED" on the first line, then the check's
# lines: "+P message", "-P message", "  message" (a note), "! message".
_grade_score() {
	local name=$1 dir=$STATE/checks/$1 status='' stopped=''
	[ -f "$dir/exit" ] && status=$(cat "$dir/exit")
	[ -f "$dir/stopped" ] && stopped=$(cat "$dir/stopped")
	awk -F'\t' -v max="${CHECK_POINTS[$name]}" -v status="$status" \
		-v timeout="${CHECK_TIMEOUT[$name]}" -v stopped="$stopped" '
	function fmt(x) { return sprintf("%g", x) }
	$1 == "award" { got += $2; out[n++] = "+" fmt($2) " " $3 }
	$1 == "miss" { lost += $2; out[n++] = "-" fmt($2) " " $3 }
	$1 == "note" { out[n++] = "  " $3 }
	$1 == "error" { errors++; out[n++] = "! " $3 }
	END {
		rest = max - got - lost
		if (rest > 1e-9) {
			if (stopped != "") why = stopped
			else if (status == 124 || status == 137)
				why = "stopped: this check took longer than " timeout " s"
			else if (errors) why = "lost because of the grader error above"
			else if (status != "" && status != 0)
				why = "the check stopped early (status " status ")"
			else why = "GRADER ERROR (tell your instructor): the check did not account for these points"
			split(why, w, "\n")
			out[n++] = "-" fmt(rest) " " w[1]
			for (i = 2; i in w; i++) out[n++] = "  " w[i]
		} else if (rest < -1e-9) {
			out[n++] = "! GRADER ERROR (tell your instructor): the check accounted for " \
				fmt(got + lost) " of " fmt(max) " points"
		}
		if (got > max) got = max
		print fmt(got)
		for (i = 0; i < n; i++) print out[i]
	}' "$dir/log" 2>/dev/null || {
		# No log at all: the check never ran, or died before a word.
		echo 0
		echo "-${CHECK_POINTS[$name]} ${stopped:-the check did not run (status ${status:-none})}"
	}
}

# A line of dots: "name ........ passed [2/2]" in 72 columns.
_grade_line() {
	local label=$1 verdict=$2 dots
	dots=$(printf '%*s' $((60 - ${#label} - ${#verdict})) '' | tr ' ' .)
	[ ${#dots} -ge 3 ] || dots=...
	printf '%s %s %s\n' "$label" "$dots" "$verdict"
}

grade_report() {
	local from=$1 results=$2 name i=0 earned lines verdict total=0 max=0 \
		label json=$STATE/tests.jsonl header elapsed line
	elapsed=$((SECONDS - GRADE_T0))
	: >"$json"
	header="Lab $LAB, graded from $from (seed $GRADE_SEED; \`grade --seed $GRADE_SEED\` repeats its inputs)"
	{
		echo "$header"
		for line in "${GENERAL[@]}"; do echo "  $line"; done
	} | tee "$results/grade.txt"
	echo "TAP version 13" >"$results/grade.tap"
	echo "1..${#CHECKS[@]}" >>"$results/grade.tap"
	for name in "${CHECKS[@]}"; do
		i=$((i + 1))
		lines=$(_grade_score "$name")
		earned=$(head -n1 <<<"$lines")
		lines=$(tail -n +2 <<<"$lines")
		total=$(awk -v a="$total" -v b="$earned" 'BEGIN { printf "%g", a + b }')
		max=$(awk -v a="$max" -v b="${CHECK_POINTS[$name]}" 'BEGIN { printf "%g", a + b }')
		if awk -v e="$earned" -v m="${CHECK_POINTS[$name]}" 'BEGIN { exit !(e >= m) }'; then
			verdict=passed
		elif awk -v e="$earned" 'BEGIN { exit !(e > 0) }'; then
			verdict=partial
		else
			verdict=failed
		fi
		label=$name
		[ "${CHECK_VIS[$name]}" = visible ] || label="$name (hidden until the due date)"
		{
			_grade_line "$label" "$verdict [$earned/${CHECK_POINTS[$name]}]"
			[ $verdict = passed ] || grep -v '^+' <<<"$lines" | sed 's/^/    /'
		} | tee -a "$results/grade.txt"
		{
			[ $verdict = passed ] && printf 'ok' || printf 'not ok'
			printf ' %d - %s [%s/%s]\n' "$i" "$name" "$earned" "${CHECK_POINTS[$name]}"
			sed 's/^/# /' <<<"$lines"
		} >>"$results/grade.tap"
		jq -nc --arg name "${CHECK_TITLE[$name]}" --argjson score "$earned" \
			--argjson max "${CHECK_POINTS[$name]}" --arg output "$lines" \
			--arg vis "${CHECK_VIS[$name]}" --arg status "$verdict" \
			'{name: $name, score: $score, max_score: $max,
			  status: (if $status == "passed" then "passed" else "failed" end),
			  output: $output, visibility: $vis}' >>"$json"
	done
	echo "total: $total/$max" | tee -a "$results/grade.txt"
	jq -s --argjson score "$total" --argjson max "$max" --argjson time "$elapsed" \
		--arg output "$(cat "$results/grade.txt" | head -n $((1 + ${#GENERAL[@]})))" \
		--arg lab "$LAB" --argjson seed "$GRADE_SEED" \
		'{score: $score, execution_time: $time, output: $output,
		  tests: ., extra_data: {lab: $lab, seed: $seed, max_score: $max}}' \
		"$json" >"$results/results.json.new" &&
		mv "$results/results.json.new" "$results/results.json"
	echo "results: $results/results.json, TAP: $results/grade.tap, state: $STATE"
}
