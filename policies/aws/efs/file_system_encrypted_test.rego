package stance.rules.aws.efs.file_system_encrypted_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.efs.file_system_encrypted as rule
import rego.v1

file_system(fields) := fx.resource(
	"aws.efs.file_system",
	"arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123456789abcdef0",
	"shared-media",
	"eu-west-1",
	object.union(
		{
			"FileSystemId": "fs-0123456789abcdef0",
			"FileSystemArn": "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123456789abcdef0",
			"CreationTime": "2024-02-01T10:00:00Z",
			"LifeCycleState": "available",
			"Name": "shared-media",
			"PerformanceMode": "generalPurpose",
			"ThroughputMode": "elastic",
			"Encrypted": true,
			"KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			"Tags": [{"Key": "Name", "Value": "shared-media"}],
		},
		fields,
	),
)

cases := [
	{"name": "encrypted", "expect": "pass", "input": file_system({})},
	{"name": "not encrypted", "expect": "fail", "input": json.remove(file_system({"Encrypted": false}), ["resource/config/KmsKeyId"])},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": json.remove(file_system({}), ["resource/config/Encrypted"])},
]

test_cases if harness.check_cases("aws.efs.file_system_encrypted", cases)

test_message if {
	some finding in rule.deny with input as file_system({"Encrypted": false})
	finding.msg == "EFS file system fs-0123456789abcdef0 is not encrypted at rest"
}
