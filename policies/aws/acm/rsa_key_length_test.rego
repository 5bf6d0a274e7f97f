package stance.rules.aws.acm.rsa_key_length_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.acm.rsa_key_length as rule
import rego.v1

cases := [
	{"name": "RSA-2048", "expect": "pass", "input": fx.certificate({})},
	{"name": "RSA-4096", "expect": "pass", "input": fx.certificate({"KeyAlgorithm": "RSA-4096"})},
	{"name": "RSA-1024", "expect": "fail", "input": fx.certificate({"KeyAlgorithm": "RSA-1024", "Type": "IMPORTED"})},
	{"name": "ECDSA", "expect": "not_applicable", "input": fx.certificate({"KeyAlgorithm": "EC-prime256v1"})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.certificate({}), ["resource/config/KeyAlgorithm"])},
]

test_cases if harness.check_cases("aws.acm.rsa_key_length", cases)

test_message if {
	some f in rule.deny with input as fx.certificate({"KeyAlgorithm": "RSA-1024"})
	f.msg == "ACM certificate www.shop.example.com uses a 1024-bit RSA key"
}
