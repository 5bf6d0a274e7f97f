package stance.rules.aws.iam.policy_kms_decrypt_all_keys_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.policy_kms_decrypt_all_keys as rule
import rego.v1

all_keys(fields) := object.union({"Sid": "AllKeys", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}, fields)

cases := [
	{"name": "decrypt with one key", "expect": "pass", "input": fx.iam_policy([fx.decrypt_one_key])},
	{"name": "encrypt only, every key", "expect": "pass", "input": fx.iam_policy([all_keys({"Action": ["kms:Encrypt", "kms:GenerateDataKey"]})])},
	{"name": "kms:Decrypt on * in a Deny statement", "expect": "pass", "input": fx.iam_policy([all_keys({"Effect": "Deny"})])},
	{"name": "kms:Decrypt on *", "expect": "fail", "input": fx.iam_policy([fx.decrypt_one_key, all_keys({})])},
	{"name": "kms:* on every key of the account", "expect": "fail", "input": fx.iam_policy([all_keys({"Action": "kms:*", "Resource": "arn:aws:kms:eu-west-1:111122223333:key/*"})])},
	{"name": "kms:ReEncrypt* on *", "expect": "fail", "input": fx.iam_policy([all_keys({"Action": "kms:ReEncrypt*"})])},
	{"name": "NotAction that leaves decrypt in", "expect": "fail", "input": fx.iam_policy([json.remove(all_keys({"NotAction": ["iam:*"]}), ["Action"])])},
	{"name": "AWS managed policy", "expect": "not_applicable", "input": object.union(fx.iam_policy([all_keys({})]), {"resource": {"config": {"stance": {"awsManaged": true}}}})},
	{"name": "document not reported", "expect": "error", "input": json.remove(fx.iam_policy([]), ["resource/config/DefaultVersionDocument"])},
	{"name": "document not decodable", "expect": "error", "input": object.union(fx.iam_policy([]), {"resource": {"config": {"DefaultVersionDocument": {"stanceUndecodable": "%7B%22Version"}}}})},
]

test_cases if harness.check_cases("aws.iam.policy_kms_decrypt_all_keys", cases)

test_message if {
	some finding in rule.deny with input as fx.iam_policy([fx.decrypt_one_key, all_keys({})])
	finding.msg == "IAM policy orders-app allows kms:Decrypt or kms:ReEncryptFrom on every KMS key (statement AllKeys)"
}
