package stance.rules.aws.ec2.ebs_default_encryption_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.ebs_default_encryption as rule
import rego.v1

setting(config) := fx.resource("aws.ec2.ebs_encryption_default", "aws://111122223333/eu-west-1/ebs-encryption-default", "ebs-encryption-default", "eu-west-1", config)

cases := [
	{"name": "on with the AWS managed key", "expect": "pass", "input": setting({"EbsEncryptionByDefault": true, "KmsKeyId": "alias/aws/ebs"})},
	{"name": "on with a customer key", "expect": "pass", "input": setting({"EbsEncryptionByDefault": true, "KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"})},
	{"name": "off", "expect": "fail", "input": setting({"EbsEncryptionByDefault": false, "KmsKeyId": "alias/aws/ebs"})},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": setting({})},
]

test_cases if harness.check_cases("aws.ec2.ebs_default_encryption", cases)

test_message if {
	some finding in rule.deny with input as setting({"EbsEncryptionByDefault": false})
	finding.msg == "EBS encryption by default is off in region eu-west-1"
}
