package stance.rules.aws.rds.instance_encrypted_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.rds.instance_encrypted as rule
import rego.v1

cases := [
	{"name": "encrypted with a KMS key", "expect": "pass", "input": fx.rds_instance({})},
	{"name": "not encrypted", "expect": "fail", "input": json.remove(fx.rds_instance({"StorageEncrypted": false}), ["resource/config/KmsKeyId"])},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": json.remove(fx.rds_instance({}), ["resource/config/StorageEncrypted"])},
]

test_cases if harness.check_cases("aws.rds.instance_encrypted", cases)

test_message if {
	some finding in rule.deny with input as fx.rds_instance({"StorageEncrypted": false})
	finding.msg == "RDS instance orders-db (postgres) stores its data unencrypted"
}
