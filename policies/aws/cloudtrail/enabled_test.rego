package stance.rules.aws.cloudtrail.enabled_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudtrail.enabled as rule
import rego.v1

region(trails) := fx.resource("aws.cloudtrail.region", "aws://111122223333/eu-west-1/cloudtrail", "cloudtrail", "eu-west-1", {"Trails": trails})

stopped := fx.trail_config({"Name": "old-trail", "Status": {"IsLogging": false}})

cases := [
	{"name": "a logging trail", "expect": "pass", "input": region([fx.trail_config({})])},
	{"name": "a logging trail next to a stopped one", "expect": "pass", "input": region([stopped, fx.trail_config({})])},
	{"name": "a single-region trail that logs", "expect": "pass", "input": region([fx.trail_config({"IsMultiRegionTrail": false})])},
	{"name": "no trail", "expect": "fail", "input": region([])},
	{"name": "only a stopped trail", "expect": "fail", "input": region([stopped])},
	{"name": "status not reported", "expect": "error", "input": region([json.remove(fx.trail_config({}), ["Status"])])},
	{"name": "trails not reported", "expect": "error", "input": fx.resource("aws.cloudtrail.region", "aws://111122223333/eu-west-1/cloudtrail", "cloudtrail", "eu-west-1", {})},
]

test_cases if harness.check_cases("aws.cloudtrail.enabled", cases)

test_message if {
	some finding in rule.deny with input as region([stopped])
	finding.msg == "no CloudTrail trail is logging in region eu-west-1 (stopped: old-trail)"
}
