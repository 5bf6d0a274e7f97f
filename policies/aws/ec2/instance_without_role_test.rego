package stance.rules.aws.ec2.instance_without_role_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.instance_without_role as rule
import rego.v1

without_profile(fields) := json.remove(fx.ec2_instance(fields), ["resource/config/IamInstanceProfile"])

cases := [
	{"name": "running with an instance profile", "expect": "pass", "input": fx.ec2_instance({})},
	{"name": "running without a profile", "expect": "fail", "input": without_profile({})},
	{"name": "stopped without a profile", "expect": "fail", "input": without_profile(fx.stopped)},
	{"name": "terminated without a profile", "expect": "not_applicable", "input": without_profile(fx.terminated)},
	{"name": "shutting down without a profile", "expect": "not_applicable", "input": without_profile({"State": {"Code": 32, "Name": "shutting-down"}})},
	{"name": "profile field present but null", "expect": "fail", "input": fx.ec2_instance({"IamInstanceProfile": null})},
]

test_cases if harness.check_cases("aws.ec2.instance_without_role", cases)

test_message if {
	some finding in rule.deny with input as without_profile({})
	finding.msg == "EC2 instance i-0abc1234def567890 (running) has no IAM instance profile"
}
