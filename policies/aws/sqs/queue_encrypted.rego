# METADATA
# title: SQS queue is not encrypted at rest
# description: >-
#   Messages in the queue are stored unencrypted: neither SQS-managed server-side encryption
#   (SqsManagedSseEnabled) nor a KMS key (KmsMasterKeyId) is set.
# custom:
#   id: aws-sqs-queue-encrypted
#   severity: medium
#   resource_types: [aws.sqs.queue]
#   remediation: |-
#     Console: Amazon SQS > Queues > select the queue > Edit > Encryption > Server-side encryption:
#     Enabled, key type Amazon SQS key (SSE-SQS) or AWS KMS key (SSE-KMS) > Save.
#     CLI: aws sqs set-queue-attributes --queue-url <url> --attributes SqsManagedSseEnabled=true
#     (or KmsMasterKeyId=<key-id-or-alias>)
package stance.rules.aws.sqs.queue_encrypted

import rego.v1

attributes := object.get(input.resource.config, "Attributes", null)

attrs := attributes if is_object(attributes)

kms_key := object.get(attrs, "KmsMasterKeyId", "")

encrypted if {
	is_string(kms_key)
	kms_key != ""
}

encrypted if attrs.SqsManagedSseEnabled == "true"

unknown contains msg if {
	not is_object(attributes)
	msg := sprintf("SQS queue %s: its attributes were not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(attributes)
	not encrypted
	msg := sprintf("SQS queue %s is not encrypted at rest (no KmsMasterKeyId, SqsManagedSseEnabled %v)", [input.resource.name, object.get(attrs, "SqsManagedSseEnabled", "not set")])
}
