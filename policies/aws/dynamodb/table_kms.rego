# METADATA
# title: DynamoDB table is not encrypted with a KMS key
# description: >-
#   The table is encrypted with a key DynamoDB owns (the default, no SSEDescription): its use is
#   not logged in your CloudTrail and access cannot be cut off by disabling a key. With an AWS
#   managed or customer managed KMS key, every decryption needs kms:Decrypt and is recorded.
# custom:
#   id: aws-dynamodb-table-kms
#   severity: low
#   resource_types: [aws.dynamodb.table]
#   remediation: |-
#     Console: DynamoDB > Tables > select the table > Additional settings > Encryption > Manage
#     encryption > AWS managed key (aws/dynamodb) or a customer managed key > Save changes.
#     CLI: aws dynamodb update-table --table-name <table> --sse-specification
#     Enabled=true,SSEType=KMS,KMSMasterKeyId=<key-arn>
package stance.rules.aws.dynamodb.table_kms

import rego.v1

sse := object.get(input.resource.config, "SSEDescription", null)

sse_status := s if {
	is_object(sse)
	s := object.get(sse, "Status", "not reported")
} else := "default"

kms if {
	sse.SSEType == "KMS"
	sse.Status in {"ENABLED", "UPDATING"}
}

unknown contains msg if {
	not is_string(object.get(input.resource.config, "TableStatus", null))
	msg := sprintf("DynamoDB table %s: its description was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_string(input.resource.config.TableStatus)
	not kms
	msg := sprintf("DynamoDB table %s is encrypted with a DynamoDB-owned key, not a KMS key (SSE %v)", [input.resource.name, sse_status])
}
