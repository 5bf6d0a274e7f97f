# METADATA
# title: SQS queue policy allows public access
# description: >-
#   The queue's access policy lets anyone (Principal "*" without a condition narrowing it to known
#   accounts, organizations, source ARNs or networks) act on the queue: send messages into it, read
#   and delete them, or change it.
# custom:
#   id: aws-sqs-queue-public-policy
#   severity: high
#   resource_types: [aws.sqs.queue]
#   remediation: |-
#     Console: Amazon SQS > Queues > select the queue > Access policy > Edit: name the accounts or
#     services that use the queue, and for service principals (sns.amazonaws.com, s3.amazonaws.com)
#     add a condition on aws:SourceArn or aws:SourceAccount > Save.
#     CLI: aws sqs set-queue-attributes --queue-url <url> --attributes file://attributes.json where
#     attributes.json is {"Policy": "<the policy JSON as a string>"}
package stance.rules.aws.sqs.queue_public_policy

import data.stance.lib.resource_policy as rp
import rego.v1

attributes := object.get(input.resource.config, "Attributes", null)

attrs := attributes if is_object(attributes)

# The collector writes null when the queue has no policy.
policy := object.get(attrs, "Policy", null)

unknown contains msg if {
	not is_object(attributes)
	msg := sprintf("SQS queue %s: its attributes were not reported", [input.resource.name])
}

unknown contains msg if {
	rp.undecodable(policy)
	msg := sprintf("SQS queue %s: its access policy could not be decoded", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(policy)
	some grant in rp.public_grants(policy)
	msg := sprintf("SQS queue %s is public: %s", [input.resource.name, rp.describe(grant)])
}
