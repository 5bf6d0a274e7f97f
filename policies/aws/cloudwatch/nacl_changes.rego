# METADATA
# title: Network ACL changes are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches network ACLs and their entries created, replaced or deleted, and
#   subnet associations replaced, with an alarm that notifies an SNS topic someone has subscribed
#   to. Network ACLs are the stateless subnet firewall; a changed entry can open or cut off a
#   subnet. CIS AWS Foundations v7.0.0 5.11 (v5.0.0: 4.11). The filter must contain each condition
#   the rule lists from the CIS pattern (quotes and spacing do not matter); other conditions may be
#   added.
# custom:
#   id: aws-cloudwatch-nacl-changes-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name nacl-changes, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name nacl-changes
#     --metric-transformations metricName=nacl-changes,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name nacl-changes --metric-name nacl-changes --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.nacl_changes

import data.stance.lib.cloudwatch
import rego.v1

events := "network ACL changes"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = CreateNetworkAcl`,
	`$.eventName = CreateNetworkAclEntry`,
	`$.eventName = DeleteNetworkAcl`,
	`$.eventName = DeleteNetworkAclEntry`,
	`$.eventName = ReplaceNetworkAclEntry`,
	`$.eventName = ReplaceNetworkAclAssociation`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
