# METADATA
# title: S3 bucket object-level write events are not logged by CloudTrail
# description: >-
#   No CloudTrail trail records S3 data events for PutObject, DeleteObject and the other write API calls on this bucket's objects,
#   so who changed or fetched which object cannot be reconstructed after an incident. Coverage comes
#   from the trails' event selectors; when CloudTrail could not be read the result is an error,
#   not a guess.
# custom:
#   id: aws-s3-bucket-object-write-logging
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: CloudTrail > Trails > select a (multi-region) trail > Data events > Edit > Add data
#     event type "S3" > log selector template "Log all events" (or a custom selector with
#     readOnly equals false and resources.ARN starting with arn:aws:s3:::<bucket>/) > Save changes.
#     CLI: aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors
#     '[{"ReadWriteType":"WriteOnly","IncludeManagementEvents":true,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::<bucket>/"]}]}]'
#     (ReadWriteType "All" logs reads and writes; the call replaces the trail's selectors, so
#     include the existing ones from aws cloudtrail get-event-selectors --trail-name <trail>).
package stance.rules.aws.s3.bucket_object_write_logging

import rego.v1

data_events := object.get(input.resource.config, ["stance", "dataEvents"], {"collected": false})

unknown contains msg if {
	data_events.collected != true
	msg := sprintf("CloudTrail data-event coverage of bucket %s (the CloudTrail scope errored or was not scanned)", [input.resource.name])
}

deny contains {"msg": msg} if {
	data_events.collected == true
	count(object.get(data_events, "write", [])) == 0
	msg := sprintf("no CloudTrail trail logs object-level write events of bucket %s", [input.resource.name])
}
