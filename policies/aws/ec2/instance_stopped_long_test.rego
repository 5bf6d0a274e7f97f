package stance.rules.aws.ec2.instance_stopped_long_test

import data.stance.lib.testing.aws as fxa
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.instance_stopped_long as rule
import rego.v1

cases := [
	{"name": "running", "expect": "not_applicable", "input": fxa.ec2_instance({})},
	{"name": "stopped 5 days ago", "expect": "pass", "input": fxa.ec2_instance(object.union(fxa.stopped, {"StateTransitionReason": "User initiated (2025-11-18 09:00:00 GMT)"}))},
	{"name": "stopped 114 days ago", "expect": "fail", "input": fxa.ec2_instance(object.union(fxa.stopped, {"StateTransitionReason": "User initiated (2025-08-01 10:20:30 GMT)"}))},
	{"name": "stopped 5 days ago, UTC", "expect": "pass", "input": fxa.ec2_instance(object.union(fxa.stopped, {"StateTransitionReason": "User initiated (2025-11-18 09:00:00 UTC)"}))},
	{"name": "stop time not reported", "expect": "error", "input": fxa.ec2_instance(object.union(fxa.stopped, {"StateTransitionReason": ""}))},
]

test_cases if harness.check_cases("aws.ec2.instance_stopped_long", cases)

test_message if {
	some f in rule.deny with input as fxa.ec2_instance(object.union(fxa.stopped, {"StateTransitionReason": "User initiated (2025-08-01 10:20:30 GMT)"}))
	f.msg == "EC2 instance i-0abc1234def567890 has been stopped for 114 days (since 2025-08-01 10:20:30Z)"
}
