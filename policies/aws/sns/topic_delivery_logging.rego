# METADATA
# title: SNS topic does not log message delivery status
# description: >-
#   No delivery status logging is configured for the topic (no success or failure feedback role for
#   HTTP/S, SQS, Lambda, Firehose or application endpoints), so failed or dropped deliveries leave
#   no trace in CloudWatch Logs.
# custom:
#   id: aws-sns-topic-delivery-logging
#   severity: medium
#   resource_types: [aws.sns.topic]
#   remediation: |-
#     Console: Amazon SNS > Topics > select the topic > Edit > Delivery status logging > choose the
#     protocols the topic delivers to, an IAM role for successful and failed deliveries, and a
#     sample rate > Save changes.
#     CLI: aws sns set-topic-attributes --topic-arn <arn> --attribute-name
#     SQSFailureFeedbackRoleArn --attribute-value <role-arn> (and SQSSuccessFeedbackRoleArn,
#     HTTPFailureFeedbackRoleArn, LambdaFailureFeedbackRoleArn, ... for the protocols in use)
package stance.rules.aws.sns.topic_delivery_logging

import rego.v1

attributes := object.get(input.resource.config, "Attributes", null)

attrs := attributes if is_object(attributes)

feedback_attributes := {name |
	some name, value in attrs
	endswith(name, "FeedbackRoleArn")
	is_string(value)
	value != ""
}

unknown contains msg if {
	not is_object(attributes)
	msg := sprintf("SNS topic %s: its attributes were not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(attributes)
	count(feedback_attributes) == 0
	msg := sprintf("SNS topic %s logs no message delivery status (no feedback role set)", [input.resource.name])
}
