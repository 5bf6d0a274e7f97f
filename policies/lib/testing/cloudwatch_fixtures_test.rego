# Test-only helpers for the CloudWatch monitoring rules: aws.cloudtrail.region resources with
# config.stance.monitoring in the enricher's shape (docs/aws-resources.md "CloudTrail monitoring").
package stance.lib.testing.cloudwatch

import data.stance.lib.testing.aws as fx
import rego.v1

log_group_arn := "arn:aws:logs:eu-west-1:111122223333:log-group:cloudtrail:*"

topic_arn := "arn:aws:sns:eu-west-1:111122223333:security-alerts"

# A topic as the enricher writes it: confirmed subscriptions counted from ListSubscriptions.
topic(confirmed) := {"TopicArn": topic_arn, "ConfirmedSubscriptions": confirmed}

# A DescribeAlarms item (the fields the enricher keeps) with the topics of its actions.
alarm(name, topics) := {
	"AlarmName": name,
	"AlarmArn": sprintf("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:%s", [name]),
	"AlarmActions": [t.TopicArn | some t in topics],
	"Topics": topics,
}

# A DescribeMetricFilters item with the alarms on its metric.
metric_filter(name, pattern, alarms) := {
	"filterName": name,
	"filterPattern": pattern,
	"metricTransformations": [{"metricName": name, "metricNamespace": "CISBenchmark", "metricValue": "1"}],
	"creationTime": 1700000000000,
	"logGroupName": "cloudtrail",
	"Alarms": alarms,
}

# A metric filter whose alarm notifies a topic with one confirmed subscription.
alarmed_filter(name, pattern) := metric_filter(name, pattern, [alarm(name, [topic(1)])])

watched_trail(arn, filters) := {"TrailARN": arn, "LogGroupArn": log_group_arn, "MetricFilters": filters}

region(trails, monitoring) := fx.resource(
	"aws.cloudtrail.region",
	"aws://111122223333/eu-west-1/cloudtrail",
	"cloudtrail",
	"eu-west-1",
	{"Trails": trails, "stance": {"monitoring": monitoring}},
)

# The compliant trail of the AWS fixtures (fields merged over it) with these metric filters on its log group.
watched(trail_fields, filters) := region([fx.trail_config(trail_fields)], {"collected": true, "trails": [watched_trail(fx.trail_arn, filters)]})

monitored(filters) := watched({}, filters)

not_collected := region([fx.trail_config({})], {"collected": false, "missing": ["aws/111122223333/eu-west-1/logs", "aws/111122223333/eu-west-1/sns"]})

other_trail_arn := "arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit"

# The cases every monitoring rule shares: `pattern` is the control's CIS filter pattern and
# `lacking` the same pattern without one of its terms.
cases(pattern, lacking) := [
	{"name": "CIS filter with an alarm notifying a subscribed topic", "expect": "pass", "input": monitored([alarmed_filter("cis", pattern)])},
	{"name": "the filter among unrelated ones", "expect": "pass", "input": monitored([
		alarmed_filter("errors", `{ $.errorCode = "ThrottlingException" }`),
		metric_filter("cis-draft", lacking, []),
		alarmed_filter("cis", pattern),
	])},
	{"name": "one filter with an alarm on each of two topics, one subscribed", "expect": "pass", "input": monitored([metric_filter("cis", pattern, [
		alarm("cis-unsubscribed", [topic(0)]),
		alarm("cis", [{"TopicArn": "arn:aws:sns:eu-west-1:111122223333:pager", "ConfirmedSubscriptions": 0}, topic(2)]),
	])])},
	{"name": "no metric filter on the log group", "expect": "fail", "input": monitored([])},
	{"name": "filter lacking one of the terms", "expect": "fail", "input": monitored([alarmed_filter("cis", lacking)])},
	{"name": "filter without an alarm", "expect": "fail", "input": monitored([metric_filter("cis", pattern, [])])},
	{"name": "alarm whose topic has no confirmed subscription", "expect": "fail", "input": monitored([metric_filter("cis", pattern, [alarm("cis", [topic(0)])])])},
	{"name": "alarm without actions", "expect": "fail", "input": monitored([metric_filter("cis", pattern, [object.union(alarm("cis", [topic(1)]), {"AlarmActions": []})])])},
	{"name": "trail not multi-region", "expect": "fail", "input": watched({"IsMultiRegionTrail": false}, [alarmed_filter("cis", pattern)])},
	{"name": "trail not logging", "expect": "fail", "input": watched({"Status": {"IsLogging": false}}, [alarmed_filter("cis", pattern)])},
	{"name": "trail records write management events only", "expect": "fail", "input": watched({"EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true, "DataResources": []}]}, [alarmed_filter("cis", pattern)])},
	{"name": "filters on the log group of another trail", "expect": "fail", "input": region([fx.trail_config({})], {"collected": true, "trails": [watched_trail(other_trail_arn, [alarmed_filter("cis", pattern)])]})},
	{"name": "trail not delivering to CloudWatch Logs", "expect": "fail", "input": region([json.remove(fx.trail_config({}), ["CloudWatchLogsLogGroupArn"])], {"collected": true, "trails": []})},
	{"name": "no trail in the region", "expect": "fail", "input": region([], {"collected": true, "trails": []})},
	{"name": "CloudWatch not collected", "expect": "error", "input": not_collected},
	{"name": "monitoring fact missing altogether", "expect": "error", "input": json.remove(not_collected, ["resource/config/stance"])},
	{"name": "CloudWatch not collected and no qualifying trail", "expect": "fail", "input": region([fx.trail_config({"IsMultiRegionTrail": false})], {"collected": false, "missing": ["aws/111122223333/eu-west-1/logs"]})},
	{"name": "trails not reported: error, never no trail", "expect": "error", "input": json.remove(region([], {"collected": true, "trails": []}), ["resource/config/Trails"])},
	{"name": "the only trail lacks its status: error, never not logging", "expect": "error", "input": json.remove(monitored([alarmed_filter("cis", pattern)]), ["resource/config/Trails/0/Status"])},
	{"name": "a monitored trail decides whatever another trail lacks", "expect": "pass", "input": region([fx.trail_config({}), json.remove(fx.trail_config({"Name": "audit", "TrailARN": other_trail_arn}), ["Status"])], {"collected": true, "trails": [watched_trail(fx.trail_arn, [alarmed_filter("cis", pattern)])]})},
	{"name": "an unmonitored trail next to one lacking its status: error", "expect": "error", "input": region([fx.trail_config({}), json.remove(fx.trail_config({"Name": "audit", "TrailARN": other_trail_arn}), ["Status"])], {"collected": true, "trails": []})},
]
