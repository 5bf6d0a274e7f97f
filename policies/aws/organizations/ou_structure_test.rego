package stance.rules.aws.organizations.ou_structure_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.organizations.ou_structure as rule
import rego.v1

cases := [
	{"name": "members in OUs", "expect": "pass", "input": fx.org_fact({})},
	{"name": "member under the root", "expect": "fail", "input": fx.org_fact({"Accounts": [{"Id": "444455556666", "Name": "shop-prod", "Status": "ACTIVE", "ParentId": "r-a1b2", "Path": ["r-a1b2"]}]})},
	{"name": "member account", "expect": "not_applicable", "input": fx.member_fact},
	{"name": "tree not reported", "expect": "error", "input": json.remove(fx.org_fact({}), ["resource/config/OrganizationalUnits"])},
]

test_cases if harness.check_cases("aws.organizations.ou_structure", cases)

test_message if {
	some f in rule.deny with input as fx.org_fact({"Accounts": [{"Id": "444455556666", "Name": "shop-prod", "Status": "ACTIVE", "ParentId": "r-a1b2", "Path": ["r-a1b2"]}]})
	f.msg == "organization o-a1b2c3d4e5: account 444455556666 (shop-prod) is directly under the root, in no OU"
}
