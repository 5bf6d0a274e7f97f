# METADATA
# title: Customer managed IAM policy allows every action of a service
# description: >-
#   The default version of a customer managed policy allows an action "service:*" (s3:*, ec2:*,
#   iam:*, ...) or "*": every present and future action of that service, including the destructive
#   and permission-changing ones, instead of the actions the holder needs. AWS managed policies do
#   not apply.
# custom:
#   id: aws-iam-policy-service-wildcard
#   severity: low
#   resource_types: [aws.iam.policy]
#   remediation: |-
#     List the actions the holders really use (IAM > Policies > select the policy > Access Advisor,
#     or IAM Access Analyzer policy generation from CloudTrail) and replace "service:*" with them.
#     Console: IAM > Policies > select the policy > Edit > replace the wildcard actions > Save changes.
#     CLI: aws iam create-policy-version --policy-arn <arn> --policy-document file://policy.json --set-as-default
package stance.rules.aws.iam.policy_service_wildcard

import data.stance.lib.iam_policy
import rego.v1

config := input.resource.config

not_applicable if object.get(config, ["stance", "awsManaged"], false) == true

document := object.get(config, "DefaultVersionDocument", null)

unknown contains msg if {
	not is_object(document)
	msg := sprintf("IAM policy %s: the document of its default version was not reported", [input.resource.name])
}

unknown contains msg if {
	document.stanceUndecodable
	msg := sprintf("IAM policy %s: the document of its default version could not be decoded", [input.resource.name])
}

deny contains {"msg": msg, "actions": actions} if {
	is_object(document)
	actions := sort(iam_policy.service_wildcards(document))
	count(actions) > 0
	msg := sprintf("IAM policy %s allows every action of a service: %s", [input.resource.name, concat(", ", actions)])
}
