# METADATA
# title: Attached IAM policy grants full "*:*" administrative privileges
# description: >-
#   The default version of an attached IAM policy has an Allow statement whose Action is "*" and
#   whose Resource is "*" (as a string or inside a list), giving every principal it is attached to
#   full control of the account. Grant the actions a job needs instead, and keep full
#   administration to a few break-glass roles. Policies attached to nothing do not apply.
# custom:
#   id: aws-iam-policy-full-admin
#   severity: high
#   resource_types: [aws.iam.policy]
#   remediation: |-
#     Console: IAM > Policies > select the policy > Entities attached: detach it from each user,
#     group and role (or, for a customer managed policy, Permissions > Edit and replace "*" with the
#     actions and resources that are needed, saved as the default version).
#     CLI: aws iam list-entities-for-policy --policy-arn <arn>; then
#     aws iam detach-user-policy / detach-group-policy / detach-role-policy --policy-arn <arn>
#     (--user-name / --group-name / --role-name <name>); or publish a narrower version with
#     aws iam create-policy-version --policy-arn <arn> --policy-document file://policy.json --set-as-default
package stance.rules.aws.iam.policy_full_admin

import data.stance.lib.aws
import rego.v1

config := input.resource.config

# The collector counts attachments from the users, groups and roles it listed; AttachmentCount as fallback.
attachments := object.get(config, ["stance", "attachments"], object.get(config, "AttachmentCount", 0))

not_applicable if attachments == 0

document := object.get(config, "DefaultVersionDocument", null)

# The collector decodes the default version's document; without one it cannot be judged.
unknown contains msg if {
	not is_object(document)
	msg := sprintf("IAM policy %s: the document of its default version was not reported", [input.resource.name])
}

unknown contains msg if {
	is_object(document)
	document.stanceUndecodable
	msg := sprintf("IAM policy %s: the document of its default version could not be decoded", [input.resource.name])
}

full_admin contains i if {
	some i, statement in aws.statements(document)
	statement.Effect == "Allow"
	"*" in aws.as_list(statement.Action)
	"*" in aws.as_list(statement.Resource)
}

deny contains {"msg": msg, "statements": sort(full_admin)} if {
	count(full_admin) > 0
	msg := sprintf("IAM policy %s (attached %d times) allows every action on every resource", [config.PolicyName, attachments])
}
