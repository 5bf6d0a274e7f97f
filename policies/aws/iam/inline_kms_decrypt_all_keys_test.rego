package stance.rules.aws.iam.inline_kms_decrypt_all_keys_test

import data.stance.lib.testing.aws as base
import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.inline_kms_decrypt_all_keys as rule
import rego.v1

inline(name, statements) := {"PolicyName": name, "PolicyDocument": fx.policy(statements)}

everything := {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}

role(list) := base.resource("aws.iam.role", "arn:aws:iam::111122223333:role/orders-app", "orders-app", "global", {
	"RoleName": "orders-app",
	"Arn": "arn:aws:iam::111122223333:role/orders-app",
	"AssumeRolePolicyDocument": fx.policy([{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]),
	"AttachedManagedPolicies": [],
	"RolePolicyList": list,
})

group(list) := base.resource("aws.iam.group", "arn:aws:iam::111122223333:group/ops", "ops", "global", {"GroupName": "ops", "GroupPolicyList": list, "AttachedManagedPolicies": []})

cases := [
	{"name": "role decrypting with one key", "expect": "pass", "input": role([inline("orders-key", [fx.decrypt_one_key])])},
	{"name": "role without inline policies (list left out)", "expect": "pass", "input": json.remove(role([]), ["resource/config/RolePolicyList"])},
	{"name": "user with a scoped inline policy", "expect": "pass", "input": base.iam_user({"UserPolicyList": [inline("orders-key", [fx.decrypt_one_key])]})},
	{"name": "role allowing * on *", "expect": "fail", "input": role([inline("orders-key", [fx.decrypt_one_key]), inline("break-glass", [everything])])},
	{"name": "user allowing kms:Decrypt on *", "expect": "fail", "input": base.iam_user({"UserPolicyList": [inline("decrypt", [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}])]})},
	{"name": "group allowing kms:ReEncryptFrom on every key of a region", "expect": "fail", "input": group([inline("reencrypt", [{"Effect": "Allow", "Action": "kms:ReEncryptFrom", "Resource": "arn:aws:kms:eu-west-1:111122223333:key/*"}])])},
	{"name": "inline document not reported", "expect": "error", "input": role([{"PolicyName": "lost"}])},
	{"name": "inline document not decodable", "expect": "error", "input": role([{"PolicyName": "bad", "PolicyDocument": {"stanceUndecodable": "%zz"}}])},
]

test_cases if harness.check_cases("aws.iam.inline_kms_decrypt_all_keys", cases)

test_message if {
	some finding in rule.deny with input as role([inline("orders-key", [fx.decrypt_one_key]), inline("break-glass", [everything])])
	finding.msg == "role orders-app has inline policies allowing kms:Decrypt or kms:ReEncryptFrom on every KMS key: break-glass"
}
