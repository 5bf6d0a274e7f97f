package stance.rules.aws.apigateway.rest_waf_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.rest_waf as rule
import rego.v1

cases := [
	{"name": "web ACL", "expect": "pass", "input": fx.rest_stage({})},
	{"name": "none", "expect": "fail", "input": json.remove(fx.rest_stage({}), ["resource/config/webAclArn"])},
]

test_cases if harness.check_cases("aws.apigateway.rest_waf", cases)

test_message if {
	some f in rule.deny with input as json.remove(fx.rest_stage({}), ["resource/config/webAclArn"])
	f.msg == "orders stage prod has no AWS WAF web ACL"
}
