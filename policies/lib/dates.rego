# METADATA
# title: Date helpers
# description: >-
#   ISO-8601 / RFC 3339 timestamps to nanoseconds since the epoch, in plain arithmetic: the wasm
#   runtime has no time.* builtins, so rules compare these with input.context.now_ns.
package stance.lib.dates

import rego.v1

ns_per_second := 1000000000

ns_per_day := 86400 * ns_per_second

digit(s, i) := n if {
	n := indexof("0123456789", substring(s, i, 1))
	n >= 0
}

two(s, i) := (10 * digit(s, i)) + digit(s, i + 1)

four(s, i) := (100 * two(s, i)) + two(s, i + 2)

# Days from 1970-01-01 to a proleptic Gregorian date (years 1970..9999 are all we meet).
days_from_civil(y0, m, d) := days if {
	y := y0 - to_number(m <= 2)
	era := floor(y / 400)
	yoe := y - (era * 400)
	mp := (m + 9) % 12
	doy := (floor(((153 * mp) + 2) / 5) + d) - 1
	doe := (((yoe * 365) + floor(yoe / 4)) - floor(yoe / 100)) + doy
	days := ((era * 146097) + doe) - 719468
}

# Seconds east of UTC from the zone suffix: "Z", "+hh:mm", "-hh:mm"; none is taken as UTC.
offset_seconds(s) := sign * ((two(tail, 1) * 3600) + (two(tail, 4) * 60)) if {
	tail := substring(s, count(s) - 6, 6)
	substring(tail, 0, 1) in {"+", "-"}
	substring(tail, 3, 1) == ":"
	sign := {"+": 1, "-": -1}[substring(tail, 0, 1)]
}

default offset_seconds(_) := 0

# A timestamp "YYYY-MM-DDTHH:MM:SS[.fff](Z|±hh:mm)" (or a bare date "YYYY-MM-DD") is well formed.
is_timestamp(s) if {
	is_string(s)
	count(s) >= 10
	substring(s, 4, 1) == "-"
	substring(s, 7, 1) == "-"
	four(s, 0)
	two(s, 5)
	two(s, 8)
}

clock_seconds(s) := ((two(s, 11) * 3600) + (two(s, 14) * 60)) + two(s, 17) if {
	count(s) >= 19
	substring(s, 10, 1) in {"T", "t", " "}
}

default clock_seconds(_) := 0

# Nanoseconds since the epoch; undefined when s is not a timestamp ("N/A", "no_information", ...).
ns(s) := (((days_from_civil(four(s, 0), two(s, 5), two(s, 8)) * 86400) + clock_seconds(s)) - offset_seconds(s)) * ns_per_second if {
	is_timestamp(s)
}

# Whole days from timestamp s to now_ns (negative when s is in the future).
age_days(s, now_ns) := floor((now_ns - ns(s)) / ns_per_day)
