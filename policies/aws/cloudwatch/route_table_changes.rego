# METADATA
# title: Route table changes are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches route tables and routes created, replaced or deleted, and route
#   table associations replaced or removed, with an alarm that notifies an SNS topic someone has
#   subscribed to. A changed route can send a subnet's traffic through an unexpected path or out of
#   the network. CIS AWS Foundations v7.0.0 5.13 (v5.0.0: 4.13). The filter must contain each
#   condition the rule lists from the CIS pattern (quotes and spacing do not matter); other
#   conditions may be added.
# custom:
#   id: aws-cloudwatch-route-table-changes-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name route-table-changes, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name route-table-changes
#     --metric-transformations metricName=route-table-changes,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name route-table-changes --metric-name route-table-changes --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.route_table_changes

import data.stance.lib.cloudwatch
import rego.v1

events := "route table changes"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = CreateRoute`,
	`$.eventName = CreateRouteTable`,
	`$.eventName = ReplaceRoute`,
	`$.eventName = ReplaceRouteTableAssociation`,
	`$.eventName = DeleteRouteTable`,
	`$.eventName = DeleteRoute`,
	`$.eventName = DisassociateRouteTable`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
