# METADATA
# title: SNS topic policy allows public access
# description: >-
#   The topic's access policy lets anyone (Principal "*" without a condition narrowing it to known
#   accounts, organizations, source ARNs or networks) publish to it, subscribe to it or change it.
#   The default policy's AWS:SourceOwner condition narrows it to the owner account.
# custom:
#   id: aws-sns-topic-public-policy
#   severity: high
#   resource_types: [aws.sns.topic]
#   remediation: |-
#     Console: Amazon SNS > Topics > select the topic > Edit > Access policy: replace Principal "*"
#     with the publishing accounts or services, or add a condition on aws:SourceAccount,
#     aws:SourceArn or aws:PrincipalOrgID > Save changes.
#     CLI: aws sns set-topic-attributes --topic-arn <arn> --attribute-name Policy --attribute-value
#     file://policy.json
package stance.rules.aws.sns.topic_public_policy

import data.stance.lib.resource_policy as rp
import rego.v1

attributes := object.get(input.resource.config, "Attributes", null)

attrs := attributes if is_object(attributes)

policy := object.get(attrs, "Policy", null)

unknown contains msg if {
	not is_object(attributes)
	msg := sprintf("SNS topic %s: its attributes were not reported", [input.resource.name])
}

unknown contains msg if {
	rp.undecodable(policy)
	msg := sprintf("SNS topic %s: its access policy could not be decoded", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(policy)
	some grant in rp.public_grants(policy)
	msg := sprintf("SNS topic %s is public: %s", [input.resource.name, rp.describe(grant)])
}
