# METADATA
# title: Provisioned DynamoDB table does not scale its capacity with demand
# description: >-
#   The table uses provisioned capacity without Application Auto Scaling of both its read and its
#   write capacity, so a traffic peak is throttled and a quiet period pays for idle capacity.
#   On-demand tables (PAY_PER_REQUEST) scale by themselves and pass.
# custom:
#   id: aws-dynamodb-table-autoscaling
#   severity: medium
#   resource_types: [aws.dynamodb.table]
#   remediation: |-
#     Console: DynamoDB > Tables > select the table > Additional settings > Read/write capacity >
#     Edit > Capacity mode On-demand, or Provisioned with Auto scaling on for read and write
#     capacity (target utilization, minimum and maximum) > Save changes.
#     CLI: aws dynamodb update-table --table-name <table> --billing-mode PAY_PER_REQUEST, or
#     aws application-autoscaling register-scalable-target --service-namespace dynamodb
#     --resource-id table/<table> --scalable-dimension dynamodb:table:ReadCapacityUnits
#     --min-capacity 5 --max-capacity 100 (and dynamodb:table:WriteCapacityUnits), then
#     put-scaling-policy with a target-tracking configuration for each.
package stance.rules.aws.dynamodb.table_autoscaling

import rego.v1

config := input.resource.config

billing_mode := object.get(config, ["BillingModeSummary", "BillingMode"], "PROVISIONED")

targets := object.get(config, ["stance", "scalableTargets"], "not reported")

table_resource := sprintf("table/%s", [input.resource.name])

dimensions := {t.ScalableDimension | some t in targets; t.ResourceId == table_resource}

missing := [d |
	some d in ["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"]
	not d in dimensions
]

unknown contains msg if {
	billing_mode != "PAY_PER_REQUEST"
	not is_array(targets)
	msg := sprintf("DynamoDB table %s: its auto scaling targets were not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	billing_mode != "PAY_PER_REQUEST"
	is_array(targets)
	count(missing) > 0
	msg := sprintf("DynamoDB table %s uses provisioned capacity without auto scaling of %s", [input.resource.name, concat(" and ", missing)])
}
