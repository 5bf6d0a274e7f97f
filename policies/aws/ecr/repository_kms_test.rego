package stance.rules.aws.ecr.repository_kms_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "KMS", "expect": "pass", "input": fx.ecr_repository({})},
	{"name": "dual-layer KMS", "expect": "pass", "input": fx.ecr_repository({"encryptionConfiguration": {"encryptionType": "KMS_DSSE", "kmsKey": fx.key_arn}})},
	{"name": "AES256", "expect": "fail", "input": fx.ecr_repository({"encryptionConfiguration": {"encryptionType": "AES256"}})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.ecr_repository({}), ["resource/config/encryptionConfiguration"])},
]

test_cases if harness.check_cases("aws.ecr.repository_kms", cases)
