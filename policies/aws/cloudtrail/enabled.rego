# METADATA
# title: No CloudTrail trail is logging in the region
# description: >-
#   No trail that covers the region (its own or a multi-region trail) is logging, so API calls
#   made there are kept only as CloudTrail's 90-day event history: not delivered to a bucket,
#   not retained, not analysed.
# custom:
#   id: aws-cloudtrail-enabled
#   severity: high
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > Create trail (apply to all regions, an S3 bucket, a KMS key),
#     or select a stopped trail > Start logging.
#     CLI: aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail;
#     aws cloudtrail start-logging --name <trail>
package stance.rules.aws.cloudtrail.enabled

import rego.v1

trails := object.get(input.resource.config, "Trails", null)

logging_trails := [t.Name | some t in trails; t.Status.IsLogging == true]

unreported := [object.get(t, "Name", "(no name)") | some t in trails; not is_boolean(object.get(t, ["Status", "IsLogging"], null))]

unknown contains msg if {
	not is_array(trails)
	msg := sprintf("the CloudTrail trails of region %s were not reported", [input.resource.region])
}

unknown contains msg if {
	count(logging_trails) == 0
	count(unreported) > 0
	msg := sprintf("region %s: whether trail %s is logging was not reported", [input.resource.region, concat(", ", unreported)])
}

deny contains {"msg": msg} if {
	is_array(trails)
	count(trails) == 0
	msg := sprintf("no CloudTrail trail covers region %s", [input.resource.region])
}

deny contains {"msg": msg} if {
	count(trails) > 0
	count(logging_trails) == 0
	count(unreported) == 0
	msg := sprintf("no CloudTrail trail is logging in region %s (stopped: %s)", [input.resource.region, concat(", ", sort([object.get(t, "Name", "(no name)") | some t in trails]))])
}
