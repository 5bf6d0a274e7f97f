package stance.rules.aws.ec2.instance_imdsv2_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.instance_imdsv2 as rule
import rego.v1

metadata(tokens, endpoint) := {"MetadataOptions": {"State": "applied", "HttpTokens": tokens, "HttpPutResponseHopLimit": 1, "HttpEndpoint": endpoint, "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"}}

cases := [
	{"name": "IMDSv2 required", "expect": "pass", "input": fx.ec2_instance({})},
	{"name": "IMDSv1 allowed", "expect": "fail", "input": fx.ec2_instance(metadata("optional", "enabled"))},
	{"name": "IMDSv1 allowed on a stopped instance", "expect": "fail", "input": fx.ec2_instance(object.union(metadata("optional", "enabled"), fx.stopped))},
	{"name": "metadata endpoint disabled", "expect": "pass", "input": fx.ec2_instance(metadata("optional", "disabled"))},
	{"name": "terminated", "expect": "not_applicable", "input": fx.ec2_instance(object.union(metadata("optional", "enabled"), fx.terminated))},
	{"name": "metadata options missing is error: not reported, never a guess", "expect": "error", "input": json.remove(fx.ec2_instance({}), ["resource/config/MetadataOptions"])},
	{"name": "HttpTokens not reported: error", "expect": "error", "input": json.remove(fx.ec2_instance({}), ["resource/config/MetadataOptions/HttpTokens"])},
]

test_cases if harness.check_cases("aws.ec2.instance_imdsv2", cases)

test_message if {
	some finding in rule.deny with input as fx.ec2_instance(metadata("optional", "enabled"))
	finding.msg == "EC2 instance i-0abc1234def567890 accepts IMDSv1 requests (HttpTokens optional)"
}
