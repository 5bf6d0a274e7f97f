package stance.rules.aws.lambda.runtime_deprecated_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.lambda.runtime_deprecated as rule
import rego.v1

runtime(r) := fx.lambda_function({"Runtime": r})

# The fixtures' clock is 2025-11-23.
cases := [
	{"name": "current runtime", "expect": "pass", "input": runtime("python3.13")},
	{"name": "runtime the table does not know (newer)", "expect": "pass", "input": runtime("nodejs24.x")},
	{"name": "deprecation announced for a later date", "expect": "pass", "input": runtime("python3.9")},
	{"name": "deprecated python3.7", "expect": "fail", "input": runtime("python3.7")},
	{"name": "deprecated go1.x", "expect": "fail", "input": runtime("go1.x")},
	{"name": "deprecated nodejs18.x", "expect": "fail", "input": runtime("nodejs18.x")},
	{"name": "the announced date reached", "expect": "fail", "input": object.union(runtime("python3.9"), {"context": {"now_ns": 1765843200000000000}})},
	{"name": "container image", "expect": "not_applicable", "input": json.remove(fx.lambda_function({"PackageType": "Image"}), ["resource/config/Runtime"])},
	{"name": "zip function without Runtime", "expect": "error", "input": json.remove(fx.lambda_function({}), ["resource/config/Runtime"])},
]

test_cases if harness.check_cases("aws.lambda.runtime_deprecated", cases)

test_message if {
	some finding in rule.deny with input as runtime("python3.7")
	finding.msg == "Lambda function orders-api runs on python3.7, deprecated since 2023-12-04"
}
