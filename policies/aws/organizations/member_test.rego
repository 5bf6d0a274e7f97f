package stance.rules.aws.organizations.member_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.organizations.member as rule
import rego.v1

cases := [
	{"name": "management account", "expect": "pass", "input": fx.org_fact({})},
	{"name": "member account", "expect": "pass", "input": fx.member_fact},
	{"name": "standalone", "expect": "fail", "input": fx.standalone_fact},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.standalone_fact, ["resource/config/Organization"])},
]

test_cases if harness.check_cases("aws.organizations.member", cases)

test_message if {
	some f in rule.deny with input as fx.standalone_fact
	f.msg == "account 111122223333 does not belong to an AWS Organization"
}
