package stance.rules.aws.apigateway.rest_client_certificate_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.rest_client_certificate as rule
import rego.v1

cases := [
	{"name": "client certificate", "expect": "pass", "input": fx.rest_stage({})},
	{"name": "none", "expect": "fail", "input": json.remove(fx.rest_stage({}), ["resource/config/clientCertificateId"])},
]

test_cases if harness.check_cases("aws.apigateway.rest_client_certificate", cases)

test_message if {
	some f in rule.deny with input as json.remove(fx.rest_stage({}), ["resource/config/clientCertificateId"])
	f.msg == "orders stage prod has no client certificate for its backend"
}
