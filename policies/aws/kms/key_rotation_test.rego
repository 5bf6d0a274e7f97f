package stance.rules.aws.kms.key_rotation_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.kms.key_rotation as rule
import rego.v1

key(fields) := fx.resource(
	"aws.kms.key",
	"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	"1234abcd-12ab-34cd-56ef-1234567890ab",
	"eu-west-1",
	object.union(
		{
			"AWSAccountId": "111122223333",
			"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
			"Arn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			"CreationDate": "2023-03-01T10:00:00Z",
			"Enabled": true,
			"Description": "application data",
			"KeyUsage": "ENCRYPT_DECRYPT",
			"KeyState": "Enabled",
			"Origin": "AWS_KMS",
			"KeyManager": "CUSTOMER",
			"CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
			"KeySpec": "SYMMETRIC_DEFAULT",
			"EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
			"MultiRegion": false,
			"KeyRotationEnabled": true,
		},
		fields,
	),
)

cases := [
	{"name": "rotation enabled", "expect": "pass", "input": key({})},
	{"name": "rotation disabled", "expect": "fail", "input": key({"KeyRotationEnabled": false})},
	{"name": "rotation status missing is error: not reported, never a guess", "expect": "error", "input": json.remove(key({}), ["resource/config/KeyRotationEnabled"])},
	{"name": "legacy spec field only", "expect": "fail", "input": json.remove(key({"KeyRotationEnabled": false}), ["resource/config/KeySpec"])},
	{"name": "AWS managed key", "expect": "not_applicable", "input": json.remove(key({"KeyManager": "AWS"}), ["resource/config/KeyRotationEnabled"])},
	{"name": "asymmetric key", "expect": "not_applicable", "input": key({"KeySpec": "RSA_2048", "CustomerMasterKeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY", "KeyRotationEnabled": false})},
	{"name": "HMAC key", "expect": "not_applicable", "input": key({"KeySpec": "HMAC_256", "CustomerMasterKeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC", "KeyRotationEnabled": false})},
	{"name": "imported key material", "expect": "not_applicable", "input": key({"Origin": "EXTERNAL", "KeyRotationEnabled": false})},
	{"name": "disabled key", "expect": "not_applicable", "input": key({"KeyState": "Disabled", "Enabled": false, "KeyRotationEnabled": false})},
	{"name": "pending deletion", "expect": "not_applicable", "input": key({"KeyState": "PendingDeletion", "Enabled": false, "KeyRotationEnabled": false})},
]

test_cases if harness.check_cases("aws.kms.key_rotation", cases)

test_message if {
	some finding in rule.deny with input as key({"KeyRotationEnabled": false})
	finding.msg == "KMS key 1234abcd-12ab-34cd-56ef-1234567890ab does not rotate its key material automatically"
}
