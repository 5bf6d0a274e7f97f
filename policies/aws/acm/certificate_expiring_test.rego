package stance.rules.aws.acm.certificate_expiring_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.acm.certificate_expiring as rule
import rego.v1

cases := [
	{"name": "98 days left", "expect": "pass", "input": fx.certificate({})},
	{"name": "12 days left, imported", "expect": "fail", "input": fx.certificate({"Type": "IMPORTED", "NotAfter": "2025-12-05T12:00:00.000Z"})},
	{"name": "expired", "expect": "fail", "input": fx.certificate({"Status": "EXPIRED", "NotAfter": "2025-11-01T00:00:00.000Z"})},
	{"name": "pending validation", "expect": "not_applicable", "input": json.remove(fx.certificate({"Status": "PENDING_VALIDATION"}), ["resource/config/NotAfter"])},
	{"name": "expiry not reported", "expect": "error", "input": json.remove(fx.certificate({}), ["resource/config/NotAfter"])},
]

test_cases if harness.check_cases("aws.acm.certificate_expiring", cases)

test_message if {
	some f in rule.deny with input as fx.certificate({"Type": "IMPORTED", "NotAfter": "2025-12-05T12:00:00.000Z"})
	f.msg == "ACM certificate www.shop.example.com (IMPORTED) expires in 11 days, on 2025-12-05T12:00:00.000Z"
}
