# METADATA
# title: Security group changes are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches security groups created or deleted and their ingress or egress
#   rules authorized or revoked, with an alarm that notifies an SNS topic someone has subscribed to.
#   A security group rule is all it takes to expose an instance or database to the internet. CIS AWS
#   Foundations v7.0.0 5.10 (v5.0.0: 4.10). The filter must contain each condition the rule lists
#   from the CIS pattern (quotes and spacing do not matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-security-group-changes-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name security-group-changes, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name security-group-changes
#     --metric-transformations metricName=security-group-changes,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name security-group-changes --metric-name security-group-changes --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.security_group_changes

import data.stance.lib.cloudwatch
import rego.v1

events := "security group changes"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = AuthorizeSecurityGroupIngress`,
	`$.eventName = AuthorizeSecurityGroupEgress`,
	`$.eventName = RevokeSecurityGroupIngress`,
	`$.eventName = RevokeSecurityGroupEgress`,
	`$.eventName = CreateSecurityGroup`,
	`$.eventName = DeleteSecurityGroup`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
