# METADATA
# title: AWS Config is not recording all resources in the region
# description: >-
#   The region has no AWS Config recorder that records all supported resource types
#   (recordingGroup.allSupported), is currently recording without a failed last delivery, and has a
#   delivery channel. Without it there is no configuration history to investigate changes or prove
#   compliance.
# custom:
#   id: aws-config-enabled
#   severity: medium
#   resource_types: [aws.config.region]
#   remediation: |-
#     Console: AWS Config (in the region) > Settings > Edit (or "Get started"): Recording strategy
#     "All resource types with customizable overrides", an S3 bucket for the delivery channel, the
#     AWS Config service-linked role > Save; make sure Recording is on.
#     CLI: aws configservice put-configuration-recorder --configuration-recorder
#     name=default,roleARN=<role-arn> --recording-group allSupported=true,includeGlobalResourceTypes=true;
#     aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=<bucket>;
#     aws configservice start-configuration-recorder --configuration-recorder-name default
package stance.rules.aws.config.enabled

import rego.v1

config := input.resource.config

recorders := object.get(config, "ConfigurationRecorders", [])

statuses := {s.name: s | some s in object.get(config, "ConfigurationRecordersStatus", [])}

channels := object.get(config, "DeliveryChannels", [])

# The fact each check reads; a recorder that does not report it cannot be judged on it.
checks := {
	"all": "does not record all supported resource types",
	"recording": "is not recording",
	"healthy": "last delivery failed",
}

reported(recorder, "all") if is_boolean(recorder.recordingGroup.allSupported)

reported(recorder, "recording") if is_boolean(statuses[recorder.name].recording)

# lastStatus is absent until the first delivery: not a missing fact.
reported(_, "healthy")

missing(recorder) := [check | some check, _ in checks; not reported(recorder, check)]

problems(recorder) := [problem |
	some check, problem in checks
	reported(recorder, check)
	not passes(recorder, check)
]

passes(recorder, "all") if recorder.recordingGroup.allSupported == true

passes(recorder, "recording") if statuses[recorder.name].recording == true

passes(recorder, "healthy") if object.get(statuses, [recorder.name, "lastStatus"], "") != "FAILURE"

good_recorder if {
	some recorder in recorders
	count(missing(recorder)) == 0
	count(problems(recorder)) == 0
}

# A recorder with no known problem whose missing facts could still make it the good one.
undecided contains recorder.name if {
	some recorder in recorders
	count(missing(recorder)) > 0
	count(problems(recorder)) == 0
}

lists := ["ConfigurationRecorders", "ConfigurationRecordersStatus", "DeliveryChannels"]

unknown contains msg if {
	some field in lists
	not is_array(object.get(config, field, null))
	msg := sprintf("AWS Config in region %s: %s were not reported", [input.resource.region, field])
}

unknown contains msg if {
	not good_recorder
	some name in undecided
	msg := sprintf("AWS Config in region %s: recorder %v did not report %s", [input.resource.region, name, concat(", ", [r | some recorder in recorders; recorder.name == name; some r in missing(recorder)])])
}

deny contains {"msg": msg} if {
	is_array(config.ConfigurationRecorders)
	count(recorders) == 0
	msg := sprintf("region %s has no AWS Config configuration recorder", [input.resource.region])
}

deny contains {"msg": msg} if {
	count(recorders) > 0
	not good_recorder
	count(undecided) == 0
	reasons := concat("; ", sort([sprintf("%v %s", [object.get(r, "name", "(no name)"), concat(", ", problems(r))]) | some r in recorders]))
	msg := sprintf("AWS Config in region %s is not recording everything: recorder %s", [input.resource.region, reasons])
}

deny contains {"msg": msg} if {
	count(recorders) > 0
	is_array(config.DeliveryChannels)
	count(channels) == 0
	msg := sprintf("AWS Config in region %s has no delivery channel", [input.resource.region])
}
