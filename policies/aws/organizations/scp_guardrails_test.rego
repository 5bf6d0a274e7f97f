package stance.rules.aws.organizations.scp_guardrails_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.organizations.scp_guardrails as rule
import rego.v1

cases := [
	{"name": "guardrail on the workloads OU; the management account is exempt", "expect": "pass", "input": fx.org_fact({})},
	{"name": "guardrail on the root", "expect": "pass", "input": fx.org_fact({"Policies": [fx.scp("p-FullAWSAccess", "FullAWSAccess", true, ["r-a1b2"]), fx.scp("p-guard", "guardrails", false, ["r-a1b2"])]})},
	{"name": "member account under the root without a guardrail", "expect": "fail", "input": fx.org_fact({"Accounts": [{"Id": "777788889999", "Name": "sandbox", "Status": "ACTIVE", "ParentId": "r-a1b2", "Path": ["r-a1b2"]}]})},
	{"name": "suspended account", "expect": "pass", "input": fx.org_fact({"Accounts": [{"Id": "777788889999", "Name": "sandbox", "Status": "SUSPENDED", "ParentId": "r-a1b2", "Path": ["r-a1b2"]}]})},
	{"name": "FullAWSAccess only", "expect": "fail", "input": fx.org_fact({"Policies": [fx.scp("p-FullAWSAccess", "FullAWSAccess", true, ["r-a1b2"])]})},
	{"name": "SCPs not enabled", "expect": "fail", "input": fx.org_fact({"Roots": [object.union(fx.root, {"PolicyTypes": []})], "Policies": []})},
	{"name": "member account", "expect": "not_applicable", "input": fx.member_fact},
	{"name": "standalone", "expect": "not_applicable", "input": fx.standalone_fact},
	{"name": "tree not reported", "expect": "error", "input": json.remove(fx.org_fact({}), ["resource/config/Accounts"])},
]

test_cases if harness.check_cases("aws.organizations.scp_guardrails", cases)

test_message if {
	some f in rule.deny with input as fx.org_fact({"Policies": [fx.scp("p-FullAWSAccess", "FullAWSAccess", true, ["r-a1b2"])]})
	f.msg == "organization o-a1b2c3d4e5: account 444455556666 (shop-prod) has no guardrail SCP above FullAWSAccess"
}
