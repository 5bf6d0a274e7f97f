# METADATA
# title: Disabling or scheduled deletion of customer managed KMS keys is not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches customer managed KMS keys being disabled or scheduled for
#   deletion, with an alarm that notifies an SNS topic someone has subscribed to. Data encrypted
#   under a deleted key is lost for good; disabling a key is also a way to deny service. CIS AWS
#   Foundations v7.0.0 5.7 (v5.0.0: 4.7). The filter must contain each condition the rule lists from
#   the CIS pattern (quotes and spacing do not matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-cmk-deletion-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name cmk-deletion, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name cmk-deletion
#     --metric-transformations metricName=cmk-deletion,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name cmk-deletion --metric-name cmk-deletion --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.cmk_deletion

import data.stance.lib.cloudwatch
import rego.v1

events := "disabling and scheduled deletion of KMS keys"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = DisableKey`,
	`$.eventName = ScheduleKeyDeletion`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
