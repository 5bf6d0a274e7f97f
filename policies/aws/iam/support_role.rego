# METADATA
# title: No IAM role can manage incidents with AWS Support
# description: >-
#   No IAM role has the AWS managed policy AWSSupportAccess attached, so during an incident the
#   people who need to open and follow AWS Support cases have to borrow broader credentials.
# custom:
#   id: aws-iam-support-role
#   severity: low
#   resource_types: [aws.iam.account]
#   remediation: |-
#     Console: IAM > Roles > Create role > trusted entity: this account (or your identity provider)
#     > attach AWSSupportAccess > name it e.g. aws-support > Create role; let the incident team
#     assume it.
#     CLI: aws iam create-role --role-name aws-support --assume-role-policy-document
#     file://trust.json (trusting the account or the team's principals), then
#     aws iam attach-role-policy --role-name aws-support
#     --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess
package stance.rules.aws.iam.support_role

import rego.v1

support_roles := object.get(input.resource.config, ["stance", "supportRoles"], null)

unknown contains "the roles with AWSSupportAccess attached were not reported" if not is_array(support_roles)

deny contains {"msg": "no IAM role has the AWSSupportAccess policy attached"} if {
	is_array(support_roles)
	count(support_roles) == 0
}
