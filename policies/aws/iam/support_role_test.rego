package stance.rules.aws.iam.support_role_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.iam.support_role as rule
import rego.v1

cases := [
	{"name": "a support role exists", "expect": "pass", "input": fx.iam_account({}, {}, {})},
	{"name": "policy attached to a user only", "expect": "fail", "input": fx.iam_account({}, {}, {"stance": {"supportRoles": [], "supportPolicyAttached": true}})},
	{"name": "policy not attached anywhere", "expect": "fail", "input": fx.iam_account({}, {}, {"stance": {"supportRoles": [], "supportPolicyAttached": false}})},
	{"name": "support roles not reported: error, never none", "expect": "error", "input": json.remove(fx.iam_account({}, {}, {}), ["resource/config/stance/supportRoles"])},
]

default verdict(_) := "undefined"

unknown(case_input) if count(rule.unknown) > 0 with input as case_input

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "error" if {
	not rule.not_applicable with input as case_input
	unknown(case_input)
}

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
