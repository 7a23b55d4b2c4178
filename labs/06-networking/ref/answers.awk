# SPDX-License-Identifier: GPL-2.0
#
# labs/06-networking/ref/answers.awk: lab 06's answers check, worked
# out in one awk (in the lab VM a process costs a tenth of a second, more
# on a busy machine).  The grader's check_answers feeds it
# "a KEY=VALUE" (the student's answers) and "g KIND.PATH=RATIO" (the
# grader's ratios) lines; it prints "award|POINTS|MESSAGE" or
# "miss|POINTS|MESSAGE" lines.
#
# - Each ratio, from the student's own two figures (0.25 each): within
#   10 %.
# - Each ratio against the grader's (0.5 each), measured on another
#   machine at another time: within a factor of 3 (latency) or 4
#   (throughput).  A busy machine moves them: a container's latency
#   ratio was 1.09 to 1.66 in the handout's series, 0.51 to 1.2 in
#   grading runs; a guest's throughput ratio 0.058 to 0.123 there, up to
#   0.29 in grading runs at a load average of 9.
# - Each order (0.75), a third for each of its three pairs.  For
#   throughput, where the grader's ratios for the two are more than
#   twice apart, the order must be the grader's; where they are closer
#   (too close to tell on a shared machine), the one the student's own
#   ratios give.  For latency always the student's own: no pair of the
#   three paths was reliably apart in the grader's runs (a busy machine
#   moved each ratio by a factor of two).
function num(v) { return v ~ /^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/ && v + 0 > 0 }
function shown(v) { return v == "" ? "nothing" : "\"" v "\"" }
function say(ok, p, msg) { printf "%s|%s|%s\n", ok ? "award" : "miss", p, msg }
function fmt(v) { return sprintf("%.3g", v) }
# Is path x before path y in KIND (latency: the smaller ratio first)?
function before(x, y, kind) { return kind == "latency" ? x < y : x > y }
# (Values are strings until +0 makes them numbers: compared as strings,
# "10" would be less than "9.2".)
$1 == "a" || $1 == "g" {
	kv = substr($0, 3); k = substr(kv, 1, index(kv, "=") - 1)
	if ($1 == "a") A[k] = substr(kv, index(kv, "=") + 1)
	else G[k] = substr(kv, index(kv, "=") + 1)
}
END {
	split("veth virtio e1000", path, " ")
	base["veth"] = "lo"; base["virtio"] = "guest"; base["e1000"] = "guest"
	split("latency throughput", kinds, " ")
	fig["latency"] = "median_us"; fig["throughput"] = "mbit_s"
	factor["latency"] = 3; factor["throughput"] = 4
	for (i = 1; i <= 3; i++) for (k = 1; k <= 2; k++) {
		p = path[i]; b = base[p]; kind = kinds[k]; f = fig[kind]
		x = A[p "." f]; y = A[b "." f]; ans = A[p "." kind]
		name = p "." kind " = " p "." f " / " b "." f
		if (!num(x) || !num(y)) {
			say(0, 0.25, name ": expected " p "." f " and " b "." f ", two positive numbers; saw " shown(x) " and " shown(y))
			continue
		}
		want = x / y
		if (num(ans) && ans - want <= want / 10 && want - ans <= want / 10)
			say(1, 0.25, name ": " ans " (your own figures give " fmt(want) ")")
		else
			say(0, 0.25, name ": you said " shown(ans) ", but your own figures give " fmt(want) " (accepted: within 10 %)")
	}
	for (k = 1; k <= 2; k++) for (i = 1; i <= 3; i++) {
		kind = kinds[k]; p = path[i]; ans = A[p "." kind]; g = G[kind "." p]; fa = factor[kind]
		if (num(ans) && ans + 0 >= g / fa && ans + 0 <= g * fa)
			say(1, 0.5, p "." kind ", against the grader's: you said " ans ", measured here " g " (within ×" fa ")")
		else
			say(0, 0.5, p "." kind ", against the grader's: you said " shown(ans) ", but it measures " g " here (accepted: ÷" fa " to ×" fa ")")
	}
	for (k = 1; k <= 2; k++) {
		kind = kinds[k]; key = kind ".order"; ans = A[key]
		what = key (kind == "latency" ? " (the least overhead first)" : " (the most of its baseline kept first)")
		n = split(ans, w, /[ \t,]+/); delete pos
		for (i = 1; i <= n; i++) if (w[i] != "") pos[w[i]] = i
		if (!("veth" in pos) || !("virtio" in pos) || !("e1000" in pos) || length(pos) != 3) {
			say(0, 0.75, what ": expected the three paths veth, virtio and e1000 in some order, saw " shown(ans))
			continue
		}
		ok = 0; why = ""
		split("veth:virtio veth:e1000 virtio:e1000", pairs, " ")
		for (j = 1; j <= 3; j++) {
			split(pairs[j], xy, ":"); x = xy[1]; y = xy[2]
			gx = G[kind "." x]; gy = G[kind "." y]; sx = A[x "." kind]; sy = A[y "." kind]
			if (kind == "throughput" && (gx / gy > 2 || gy / gx > 2)) {
				first = before(gx + 0, gy + 0, kind); from = "the grader's ratios, " gx " and " gy
			} else if (num(sx) && num(sy)) {
				first = before(sx + 0, sy + 0, kind)
				from = (kind == "latency" ? "by" : "too close to tell here (" gx " and " gy "), so by") " your own ratios, " sx " and " sy
			} else {
				why = why "; " x " or " y ": your ratios are missing"
				continue
			}
			if (first == (pos[x] < pos[y])) ok++
			else why = why "; " x " and " y " the other way round (" from ")"
		}
		if (ok == 3) say(1, 0.75, what ": " ans)
		else {
			if (ok) say(1, 0.25 * ok, what ": " ok " of 3 pairs in order")
			say(0, 0.25 * (3 - ok), what " (" ans "): " substr(why, 3))
		}
	}
}