# METADATA
# title: CloudTrail configuration changes are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches trails created, updated or deleted, and logging started or
#   stopped, with an alarm that notifies an SNS topic someone has subscribed to. Stopping or
#   reconfiguring a trail is how an intruder hides what they do next. CIS AWS Foundations v7.0.0 5.5
#   (v5.0.0: 4.5). The filter must contain each condition the rule lists from the CIS pattern
#   (quotes and spacing do not matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-cloudtrail-changes-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name cloudtrail-changes, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name cloudtrail-changes
#     --metric-transformations metricName=cloudtrail-changes,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name cloudtrail-changes --metric-name cloudtrail-changes --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.cloudtrail_changes

import data.stance.lib.cloudwatch
import rego.v1

events := "CloudTrail configuration changes"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = CreateTrail`,
	`$.eventName = UpdateTrail`,
	`$.eventName = DeleteTrail`,
	`$.eventName = StartLogging`,
	`$.eventName = StopLogging`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
