package stance.rules.aws.cloudtrail.multi_region_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudtrail.multi_region as rule
import rego.v1

region(trails) := fx.resource("aws.cloudtrail.region", "aws://111122223333/eu-west-1/cloudtrail", "cloudtrail", "eu-west-1", {"Trails": trails})

good := fx.trail_config({})

single_region := fx.trail_config({"Name": "local-trail", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/local-trail", "IsMultiRegionTrail": false})

basic(selectors) := json.patch(good, [{"op": "replace", "path": "/EventSelectors", "value": selectors}])

advanced(selectors) := json.patch(json.remove(good, ["EventSelectors"]), [{"op": "add", "path": "/AdvancedEventSelectors", "value": selectors}])

management(extra) := {"Name": "Management events", "FieldSelectors": array.concat([{"Field": "eventCategory", "Equals": ["Management"]}], extra)}

s3_data := {"Name": "S3 data events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}

cases := [
	{"name": "multi-region trail logging all management events", "expect": "pass", "input": region([good])},
	{"name": "a good trail next to a single-region one", "expect": "pass", "input": region([single_region, good])},
	{"name": "read and write in two basic selectors", "expect": "pass", "input": region([basic([
		{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": true, "DataResources": []},
		{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true, "DataResources": []},
	])])},
	{"name": "advanced selector on management events", "expect": "pass", "input": region([advanced([management([]), s3_data])])},
	{"name": "advanced selectors split by readOnly", "expect": "pass", "input": region([advanced([management([{"Field": "readOnly", "Equals": ["true"]}]), management([{"Field": "readOnly", "Equals": ["false"]}])])])},
	{"name": "no trails", "expect": "fail", "input": region([])},
	{"name": "single-region trail only", "expect": "fail", "input": region([single_region])},
	{"name": "multi-region trail stopped", "expect": "fail", "input": region([fx.trail_config({"Status": {"IsLogging": false}})])},
	{"name": "write-only management events", "expect": "fail", "input": region([basic([{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true, "DataResources": []}])])},
	{"name": "management events excluded", "expect": "fail", "input": region([basic([{"ReadWriteType": "All", "IncludeManagementEvents": false, "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])])},
	{"name": "advanced selector with data events only", "expect": "fail", "input": region([advanced([s3_data])])},
	{"name": "advanced selector excluding read-only events", "expect": "fail", "input": region([advanced([management([{"Field": "readOnly", "NotEquals": ["true"]}])])])},
	{"name": "advanced selector writes only", "expect": "fail", "input": region([advanced([management([{"Field": "readOnly", "Equals": ["false"]}])])])},
	{"name": "trails not reported: error, never a guess", "expect": "error", "input": fx.resource("aws.cloudtrail.region", "aws://111122223333/eu-west-1/cloudtrail", "cloudtrail", "eu-west-1", {})},
	{"name": "the only trail lacks its status: error, never not logging", "expect": "error", "input": region([json.remove(good, ["Status"])])},
	{"name": "a trail lacking its selectors next to a good one", "expect": "pass", "input": region([json.remove(good, ["EventSelectors"]), good])},
	{"name": "a trail lacking its status but known single-region", "expect": "fail", "input": region([json.remove(single_region, ["Status"])])},
]

test_cases if harness.check_cases("aws.cloudtrail.multi_region", cases)

test_message_explains_each_trail if {
	some finding in rule.deny with input as region([single_region, fx.trail_config({"Status": {"IsLogging": false}})])
	finding.msg == "no multi-region CloudTrail trail logs all management events in region eu-west-1 (local-trail: not multi-region; org-trail: not logging)"
}

test_no_trail_message if {
	some finding in rule.deny with input as region([])
	finding.msg == "no CloudTrail trail covers region eu-west-1"
}
