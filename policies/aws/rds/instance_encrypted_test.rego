package stance.rules.aws.rds.instance_encrypted_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.rds.instance_encrypted as rule
import rego.v1

cases := [
	{"name": "encrypted with a KMS key", "expect": "pass", "input": fx.rds_instance({})},
	{"name": "not encrypted", "expect": "fail", "input": json.remove(fx.rds_instance({"StorageEncrypted": false}), ["resource/config/KmsKeyId"])},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": json.remove(fx.rds_instance({}), ["resource/config/StorageEncrypted"])},
]

test_message if {
	some finding in rule.deny with input as fx.rds_instance({"StorageEncrypted": false})
	finding.msg == "RDS instance orders-db (postgres) stores its data unencrypted"
}

default verdict(_) := "undefined"

unknown(case_input) if count(rule.unknown) > 0 with input as case_input

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "error" if {
	not rule.not_applicable with input as case_input
	unknown(case_input)
}

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
