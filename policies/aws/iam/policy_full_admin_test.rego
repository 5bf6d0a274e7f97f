package stance.rules.aws.iam.policy_full_admin_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.policy_full_admin as rule
import rego.v1

policy(attachments, statement) := fx.resource(
	"aws.iam.policy",
	"arn:aws:iam::111122223333:policy/ops-admin",
	"ops-admin",
	"global",
	{
		"PolicyName": "ops-admin",
		"PolicyId": "ANPAEXAMPLEOPSADMIN01",
		"Arn": "arn:aws:iam::111122223333:policy/ops-admin",
		"Path": "/",
		"DefaultVersionId": "v3",
		"AttachmentCount": attachments,
		"PermissionsBoundaryUsageCount": 0,
		"IsAttachable": true,
		"CreateDate": "2023-02-01T10:00:00Z",
		"UpdateDate": "2024-06-01T10:00:00Z",
		"DefaultVersionDocument": {"Version": "2012-10-17", "Statement": statement},
		"stance": {"awsManaged": false},
	},
)

# The collector's own count of users, groups and roles the policy is attached to.
counted(case_input, n) := json.patch(case_input, [{"op": "add", "path": "/resource/config/stance/attachments", "value": n}])

admin := {"Effect": "Allow", "Action": "*", "Resource": "*"}

read_s3 := {"Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/*"]}

cases := [
	{"name": "Action and Resource \"*\" as strings, statement an object", "expect": "fail", "input": policy(2, admin)},
	{"name": "\"*\" inside lists", "expect": "fail", "input": policy(1, [read_s3, {"Effect": "Allow", "Action": ["ec2:*", "*"], "Resource": ["*"]}])},
	{"name": "with a condition it is still full admin", "expect": "fail", "input": policy(1, [object.union(admin, {"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}})])},
	{"name": "not attached", "expect": "not_applicable", "input": policy(0, admin)},
	{"name": "attachments counted by the collector win over AttachmentCount", "expect": "not_applicable", "input": counted(policy(4, admin), 0)},
	{"name": "attached per the collector's count", "expect": "fail", "input": counted(policy(0, admin), 2)},
	{"name": "service wildcard only", "expect": "pass", "input": policy(3, [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])},
	{"name": "all actions on one bucket", "expect": "pass", "input": policy(3, [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::acme-reports/*"}])},
	{"name": "deny everything", "expect": "pass", "input": policy(3, [{"Effect": "Deny", "Action": "*", "Resource": "*"}])},
	{"name": "narrow statements", "expect": "pass", "input": policy(3, [read_s3])},
	{"name": "default version document not reported: error, never a pass", "expect": "error", "input": json.remove(policy(1, admin), ["resource/config/DefaultVersionDocument"])},
	{"name": "default version document null: error", "expect": "error", "input": json.patch(policy(1, admin), [{"op": "replace", "path": "/resource/config/DefaultVersionDocument", "value": null}])},
	{"name": "undecodable document: error", "expect": "error", "input": json.patch(policy(1, admin), [{"op": "replace", "path": "/resource/config/DefaultVersionDocument", "value": {"stanceUndecodable": "%zz"}}])},
]

test_cases if harness.check_cases("aws.iam.policy_full_admin", cases)

test_message if {
	some finding in rule.deny with input as policy(2, admin)
	finding.msg == "IAM policy ops-admin (attached 2 times) allows every action on every resource"
}
