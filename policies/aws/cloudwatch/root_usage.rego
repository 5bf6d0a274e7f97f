# METADATA
# title: Use of the root user is not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches API calls and console activity of the account root user, except
#   actions AWS services take on its behalf, with an alarm that notifies an SNS topic someone has
#   subscribed to. The root user cannot be restricted by IAM policies; any use of it should be rare,
#   deliberate and noticed. CIS AWS Foundations v7.0.0 5.3 (v5.0.0: 4.3). The filter must contain
#   each condition the rule lists from the CIS pattern (quotes and spacing do not matter); other
#   conditions may be added.
# custom:
#   id: aws-cloudwatch-root-usage-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name root-usage, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name root-usage
#     --metric-transformations metricName=root-usage,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name root-usage --metric-name root-usage --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.root_usage

import data.stance.lib.cloudwatch
import rego.v1

events := "uses of the root user"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.userIdentity.type = "Root"`,
	`$.userIdentity.invokedBy NOT EXISTS`,
	`$.eventType != "AwsServiceEvent"`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
