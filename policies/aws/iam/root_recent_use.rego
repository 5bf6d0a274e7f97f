# METADATA
# title: Root user was used in the last 90 days
# description: >-
#   The root user's password or one of its access keys was used within the last 90 days. Daily and
#   administrative work belongs to IAM roles or IAM Identity Center users; root is kept for the few
#   tasks only it can do. Decided from the root row of the credential report.
# custom:
#   id: aws-iam-root-recent-use
#   severity: low
#   resource_types: [aws.iam.account]
#   remediation: |-
#     Find out who signed in as root and why (CloudTrail: event history filtered on user name
#     "root"), move that work to an IAM role or Identity Center permission set, and keep the root
#     credentials locked away with MFA. Console: IAM > Credential report > Download to see the
#     root row's password_last_used and access_key_*_last_used_date.
#     CLI: aws iam generate-credential-report && aws iam get-credential-report --query Content
#     --output text | base64 -d | grep '<root_account>'; delete root access keys with
#     aws iam delete-access-key --access-key-id <id> (run with root credentials).
package stance.rules.aws.iam.root_recent_use

import data.stance.lib.dates
import rego.v1

root := object.get(input.resource.config, "Root", null)

window_days := 90

uses := {
	"password_last_used": "password",
	"access_key_1_last_used_date": "access key 1",
	"access_key_2_last_used_date": "access key 2",
}

unknown contains "the credential report has no row for the root user: root usage cannot be verified" if not is_object(root)

deny contains {"msg": msg, "last_used": used} if {
	some field, credential in uses
	used := root[field]
	age := dates.age_days(used, input.context.now_ns)
	age < window_days
	msg := sprintf("the root user's %s was used %d days ago (%s)", [credential, max([age, 0]), used])
}
