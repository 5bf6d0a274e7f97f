# METADATA
# title: DynamoDB table has no point-in-time recovery
# description: >-
#   Point-in-time recovery is off: a bad deployment, a script deleting items or a compromised
#   writer cannot be undone by restoring the table to any second of the last 35 days.
# custom:
#   id: aws-dynamodb-table-pitr
#   severity: medium
#   resource_types: [aws.dynamodb.table]
#   remediation: |-
#     Console: DynamoDB > Tables > select the table > Backups > Point-in-time recovery > Edit >
#     turn on > Save changes.
#     CLI: aws dynamodb update-continuous-backups --table-name <table>
#     --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true
package stance.rules.aws.dynamodb.table_pitr

import rego.v1

backups := object.get(input.resource.config, "ContinuousBackupsDescription", "not reported")

status := s if {
	is_object(backups)
	s := object.get(backups, ["PointInTimeRecoveryDescription", "PointInTimeRecoveryStatus"], null)
} else := null

unknown contains msg if {
	not is_string(status)
	msg := sprintf("DynamoDB table %s: its point-in-time recovery status was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_string(status)
	status != "ENABLED"
	msg := sprintf("DynamoDB table %s has point-in-time recovery %s", [input.resource.name, status])
}
