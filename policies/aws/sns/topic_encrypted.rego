# METADATA
# title: SNS topic is not encrypted with a KMS key
# description: >-
#   The topic has no KmsMasterKeyId: messages published to it are stored (until delivered)
#   without server-side encryption under a KMS key.
# custom:
#   id: aws-sns-topic-encrypted
#   severity: medium
#   resource_types: [aws.sns.topic]
#   remediation: |-
#     Console: Amazon SNS > Topics > select the topic > Edit > Encryption > Enable encryption, choose
#     a KMS key (alias/aws/sns or a customer managed key whose policy lets the publishers and
#     subscribing services use it) > Save changes.
#     CLI: aws sns set-topic-attributes --topic-arn <arn> --attribute-name KmsMasterKeyId
#     --attribute-value alias/aws/sns
package stance.rules.aws.sns.topic_encrypted

import rego.v1

attributes := object.get(input.resource.config, "Attributes", null)

attrs := attributes if is_object(attributes)

unknown contains msg if {
	not is_object(attributes)
	msg := sprintf("SNS topic %s: its attributes were not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(attributes)
	object.get(attrs, "KmsMasterKeyId", "") == ""
	msg := sprintf("SNS topic %s is not encrypted with a KMS key", [input.resource.name])
}
