# METADATA
# title: Unauthorized API calls are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches API calls that AWS rejected as unauthorized (error codes ending
#   in UnauthorizedOperation or starting with AccessDenied), with an alarm that notifies an SNS
#   topic someone has subscribed to. Repeated denials are an early sign of a compromised credential
#   probing for permissions, or of a broken deployment. CIS AWS Foundations v7.0.0 5.1 (v5.0.0:
#   4.1). The filter must contain each condition the rule lists from the CIS pattern (quotes and
#   spacing do not matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-unauthorized-api-calls-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name unauthorized-api-calls, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name unauthorized-api-calls
#     --metric-transformations metricName=unauthorized-api-calls,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name unauthorized-api-calls --metric-name unauthorized-api-calls --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.unauthorized_api_calls

import data.stance.lib.cloudwatch
import rego.v1

events := "unauthorized API calls"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.errorCode = "*UnauthorizedOperation"`,
	`$.errorCode = "AccessDenied*"`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
