package stance.rules.aws.iam.expired_server_certificate_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.expired_server_certificate as rule
import rego.v1

certificate(expiration) := fx.resource(
	"aws.iam.server_certificate",
	"arn:aws:iam::111122223333:server-certificate/shop-example-com-2024",
	"shop-example-com-2024",
	"global",
	{
		"Path": "/",
		"ServerCertificateName": "shop-example-com-2024",
		"ServerCertificateId": "ASCAEXAMPLESHOPCERT01",
		"Arn": "arn:aws:iam::111122223333:server-certificate/shop-example-com-2024",
		"UploadDate": "2024-10-01T10:00:00Z",
		"Expiration": expiration,
	},
)

cases := [
	{"name": "valid until next year", "expect": "pass", "input": certificate("2026-10-01T23:59:59Z")},
	{"name": "expired last month", "expect": "fail", "input": certificate("2025-10-01T23:59:59Z")},
	{"name": "expires later today", "expect": "pass", "input": certificate("2025-11-23T18:00:00Z")},
	{"name": "expired this morning", "expect": "fail", "input": certificate("2025-11-23T06:00:00Z")},
	{"name": "no expiration is error: not reported, never a guess", "expect": "error", "input": certificate(null)},
]

test_cases if harness.check_cases("aws.iam.expired_server_certificate", cases)

test_message if {
	some finding in rule.deny with input as certificate("2025-10-01T23:59:59Z")
	finding.msg == "IAM server certificate shop-example-com-2024 expired on 2025-10-01T23:59:59Z"
}
