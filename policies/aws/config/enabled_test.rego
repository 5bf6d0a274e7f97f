package stance.rules.aws.config.enabled_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.config.enabled as rule
import rego.v1

recorder(all_supported) := {
	"name": "default",
	"roleARN": "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
	"recordingGroup": {"allSupported": all_supported, "includeGlobalResourceTypes": true, "resourceTypes": [], "exclusionByResourceTypes": {"resourceTypes": []}, "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}},
	"recordingMode": {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []},
}

status(recording, last) := {"name": "default", "lastStartTime": "2024-01-10T10:00:00Z", "recording": recording, "lastStatus": last, "lastStatusChangeTime": "2025-11-23T11:00:00Z"}

channel := {"name": "default", "s3BucketName": "acme-config-history", "configSnapshotDeliveryProperties": {"deliveryFrequency": "TwentyFour_Hours"}}

region(recorders, statuses, channels) := fx.resource("aws.config.region", "aws://111122223333/eu-west-1/config", "config", "eu-west-1", {
	"ConfigurationRecorders": recorders,
	"ConfigurationRecordersStatus": statuses,
	"DeliveryChannels": channels,
})

cases := [
	{"name": "recording everything", "expect": "pass", "input": region([recorder(true)], [status(true, "SUCCESS")], [channel])},
	{"name": "just started, delivery pending", "expect": "pass", "input": region([recorder(true)], [status(true, "PENDING")], [channel])},
	{"name": "no recorder", "expect": "fail", "input": region([], [], [])},
	{"name": "recorder stopped", "expect": "fail", "input": region([recorder(true)], [status(false, "SUCCESS")], [channel])},
	{"name": "selected resource types only", "expect": "fail", "input": region([recorder(false)], [status(true, "SUCCESS")], [channel])},
	{"name": "last delivery failed", "expect": "fail", "input": region([recorder(true)], [status(true, "FAILURE")], [channel])},
	{"name": "no delivery channel", "expect": "fail", "input": region([recorder(true)], [status(true, "SUCCESS")], [])},
	{"name": "recorder without a status: error, never a guess", "expect": "error", "input": region([recorder(true)], [], [channel])},
	{"name": "recorders not reported: error, never no recorder", "expect": "error", "input": fx.resource("aws.config.region", "aws://111122223333/eu-west-1/config", "config", "eu-west-1", {"DeliveryChannels": [channel], "ConfigurationRecordersStatus": []})},
	{"name": "allSupported not reported: error", "expect": "error", "input": region([json.remove(recorder(true), ["recordingGroup/allSupported"])], [status(true, "SUCCESS")], [channel])},
	{"name": "a recorder with a known problem and one unreported fact fails", "expect": "fail", "input": region([json.remove(recorder(true), ["recordingGroup/allSupported"])], [status(false, "SUCCESS")], [channel])},
]

test_cases if harness.check_cases("aws.config.enabled", cases)

test_message if {
	some finding in rule.deny with input as region([recorder(false)], [status(false, "SUCCESS")], [channel])
	finding.msg == "AWS Config in region eu-west-1 is not recording everything: recorder default does not record all supported resource types, is not recording"
}
