# METADATA
# title: AWS Organizations changes are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches changes to the organization: accounts created, invited, moved or
#   removed, organizational units and policies (SCPs and others) created, changed, attached or
#   detached, policy types enabled or disabled, handshakes accepted or declined, with an alarm that
#   notifies an SNS topic someone has subscribed to. Organizations changes move accounts out from
#   under guardrails or change the service control policies that bound every account. CIS AWS
#   Foundations v7.0.0 5.15 (v5.0.0: 4.15). The filter must contain each condition the rule lists
#   from the CIS pattern (quotes and spacing do not matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-organizations-changes-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name organizations-changes, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name organizations-changes
#     --metric-transformations metricName=organizations-changes,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name organizations-changes --metric-name organizations-changes --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.organizations_changes

import data.stance.lib.cloudwatch
import rego.v1

events := "AWS Organizations changes"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = "AcceptHandshake"`,
	`$.eventName = "AttachPolicy"`,
	`$.eventName = "CreateAccount"`,
	`$.eventName = "CreateOrganizationalUnit"`,
	`$.eventName = "CreatePolicy"`,
	`$.eventName = "DeclineHandshake"`,
	`$.eventName = "DeleteOrganization"`,
	`$.eventName = "DeleteOrganizationalUnit"`,
	`$.eventName = "DeletePolicy"`,
	`$.eventName = "DetachPolicy"`,
	`$.eventName = "DisablePolicyType"`,
	`$.eventName = "EnablePolicyType"`,
	`$.eventName = "InviteAccountToOrganization"`,
	`$.eventName = "LeaveOrganization"`,
	`$.eventName = "MoveAccount"`,
	`$.eventName = "RemoveAccountFromOrganization"`,
	`$.eventName = "UpdatePolicy"`,
	`$.eventName = "UpdateOrganizationalUnit"`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
