# The one test harness of the rule tests (test-only: a _test.rego file, not in the bundle).
#
# A rule's <rule>_test.rego declares its cases and checks them in one line:
#
#   cases := [{"name": "...", "expect": "pass" | "fail" | "error" | "not_applicable", "input": {...}}, ...]
#
#   test_cases if harness.check_cases("<provider>.<service>.<rule>", cases)
#
# The verdict of a case is the one the wasm engine gives (src/policy/evaluator.ts):
# not_applicable when the rule says so, else error when its `unknown` set is not empty, else fail
# when `deny` is not empty, else pass. test/policy/rego-cases.test.ts replays every case through
# the engine to prove the two agree.
package stance.lib.testing.harness

import rego.v1

# data.stance.rules.<provider>.<service>.<rule>, by the rule's dotted path. Each query below
# evaluates one of its documents with the case as input.
not_applicable(rule, case_input) if {
	p := split(rule, ".")
	data.stance.rules[p[0]][p[1]][p[2]].not_applicable == true with input as case_input
}

unknown(rule, case_input) if {
	p := split(rule, ".")
	count(data.stance.rules[p[0]][p[1]][p[2]].unknown) > 0 with input as case_input
}

denied(rule, case_input) if {
	p := split(rule, ".")
	count(data.stance.rules[p[0]][p[1]][p[2]].deny) > 0 with input as case_input
}

default verdict(_, _) := "undefined"

verdict(rule, case_input) := "not_applicable" if not_applicable(rule, case_input)

verdict(rule, case_input) := "error" if {
	not not_applicable(rule, case_input)
	unknown(rule, case_input)
}

verdict(rule, case_input) := "fail" if {
	not not_applicable(rule, case_input)
	not unknown(rule, case_input)
	denied(rule, case_input)
}

verdict(rule, case_input) := "pass" if {
	not not_applicable(rule, case_input)
	not unknown(rule, case_input)
	not denied(rule, case_input)
}

# One line per case whose verdict is not the one it expects.
failures(rule, cases) := [sprintf("%s: case %q: expected %s, got %s", [rule, c.name, c.expect, got]) |
	some c in cases
	got := verdict(rule, c.input)
	got != c.expect
]

# True when every case gets the verdict it expects; `opa test` prints each one that does not.
check_cases(rule, cases) if {
	found := failures(rule, cases)
	every line in found {
		print(line)
	}
	found == []
}
