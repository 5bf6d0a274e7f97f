# METADATA
# title: DynamoDB table has no deletion protection
# description: >-
#   DeletionProtectionEnabled is off: a single DeleteTable call (a mistaken script, a stack
#   teardown, an attacker with the permission) removes the table and its data.
# custom:
#   id: aws-dynamodb-table-deletion-protection
#   severity: medium
#   resource_types: [aws.dynamodb.table]
#   remediation: |-
#     Console: DynamoDB > Tables > select the table > Additional settings > Deletion protection >
#     Turn on.
#     CLI: aws dynamodb update-table --table-name <table> --deletion-protection-enabled
package stance.rules.aws.dynamodb.table_deletion_protection

import rego.v1

protected := object.get(input.resource.config, "DeletionProtectionEnabled", null)

unknown contains msg if {
	not is_boolean(protected)
	msg := sprintf("DynamoDB table %s: DeletionProtectionEnabled was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	protected == false
	msg := sprintf("DynamoDB table %s has no deletion protection", [input.resource.name])
}
