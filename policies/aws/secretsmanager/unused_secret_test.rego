package stance.rules.aws.secretsmanager.unused_secret_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.secretsmanager.unused_secret as rule
import rego.v1

cases := [
	{"name": "accessed today", "expect": "pass", "input": fx.secret({})},
	{"name": "accessed 89 days ago", "expect": "pass", "input": fx.secret({"LastAccessedDate": "2025-08-26T00:00:00Z"})},
	{"name": "accessed 90 days ago", "expect": "fail", "input": fx.secret({"LastAccessedDate": "2025-08-25T00:00:00Z"})},
	{"name": "never accessed, created last week", "expect": "pass", "input": json.remove(fx.secret({"CreatedDate": "2025-11-16T09:00:00Z"}), ["resource/config/LastAccessedDate"])},
	{"name": "never accessed, created long ago", "expect": "fail", "input": json.remove(fx.secret({}), ["resource/config/LastAccessedDate"])},
	{"name": "no dates reported", "expect": "error", "input": json.remove(fx.secret({}), ["resource/config/LastAccessedDate", "resource/config/CreatedDate"])},
]

test_cases if harness.check_cases("aws.secretsmanager.unused_secret", cases)

test_message if {
	some finding in rule.deny with input as fx.secret({"LastAccessedDate": "2025-08-25T00:00:00Z"})
	finding.msg == "Secrets Manager secret orders/db was last accessed 90 days ago (2025-08-25T00:00:00Z)"
}
