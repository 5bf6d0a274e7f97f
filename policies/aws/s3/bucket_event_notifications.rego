# METADATA
# title: S3 bucket sends no event notifications
# description: >-
#   The bucket notifies no SNS topic, SQS queue, Lambda function or EventBridge of object events
#   (creations, deletions, restores), so changes to its data trigger no processing or alerting.
# custom:
#   id: aws-s3-bucket-event-notifications
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Properties > Amazon EventBridge > Edit > On (all
#     events to EventBridge), or Event notifications > Create event notification for the events and
#     destination you need.
#     CLI: aws s3api put-bucket-notification-configuration --bucket <bucket>
#     --notification-configuration '{"EventBridgeConfiguration":{}}'
package stance.rules.aws.s3.bucket_event_notifications

import rego.v1

notifications := object.get(input.resource.config, "NotificationConfiguration", "not reported")

destinations contains kind if {
	some kind in ["TopicConfigurations", "QueueConfigurations", "LambdaFunctionConfigurations"]
	count(object.get(notifications, kind, [])) > 0
}

destinations contains "EventBridgeConfiguration" if is_object(notifications.EventBridgeConfiguration)

unknown contains msg if {
	not is_object(notifications)
	msg := sprintf("bucket %s: its notification configuration was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(notifications)
	count(destinations) == 0
	msg := sprintf("bucket %s sends no event notifications", [input.resource.name])
}
