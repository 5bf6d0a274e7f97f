# METADATA
# title: No multi-region CloudTrail trail logs all management events in the region
# description: >-
#   None of the trails visible in the region is a multi-region trail that is logging and records
#   management events both read and write (basic event selectors with IncludeManagementEvents and
#   ReadWriteType All, or advanced selectors on eventCategory Management covering both values of
#   readOnly). Without one, API activity in this region leaves no durable record.
# custom:
#   id: aws-cloudtrail-multi-region
#   severity: high
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > Create trail (or select an existing trail > Edit): "Enable for
#     all accounts in my organization" if applicable, multi-region (every trail created in the
#     console is), storage in an S3 bucket, then Management events: Read and Write; make sure the
#     trail shows "Logging: On".
#     CLI: aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail
#     (or aws cloudtrail update-trail --name <trail> --is-multi-region-trail);
#     aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors
#     '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'; aws cloudtrail start-logging --name <trail>
package stance.rules.aws.cloudtrail.multi_region

import data.stance.lib.aws
import rego.v1

trails := object.get(input.resource.config, "Trails", [])

readonly_value := {"read": "true", "write": "false"}

basic_types := {"read": {"All", "ReadOnly"}, "write": {"All", "WriteOnly"}}

covers(trail, direction) if {
	some selector in object.get(trail, "EventSelectors", [])
	object.get(selector, "IncludeManagementEvents", false) == true
	object.get(selector, "ReadWriteType", "All") in basic_types[direction]
}

covers(trail, direction) if {
	some selector in object.get(trail, "AdvancedEventSelectors", [])
	management_selector(selector)
	readonly_allows(selector, readonly_value[direction])
}

management_selector(selector) if {
	some field in selector.FieldSelectors
	field.Field == "eventCategory"
	"Management" in object.get(field, "Equals", [])
}

readonly_fields(selector) := [f | some f in selector.FieldSelectors; f.Field == "readOnly"]

# No readOnly field selector: both reads and writes are logged.
readonly_allows(selector, _) if count(readonly_fields(selector)) == 0

readonly_allows(selector, value) if {
	some f in readonly_fields(selector)
	value in object.get(f, "Equals", [])
}

readonly_allows(selector, value) if {
	some f in readonly_fields(selector)
	not f.Equals
	count(object.get(f, "NotEquals", [])) > 0
	not value in f.NotEquals
}

# The fact each check reads (lib/aws.rego trail_facts).
fact_of := {"multi_region": "IsMultiRegionTrail", "logging": "Status.IsLogging", "read": "event selectors", "write": "event selectors"}

checks := {
	"multi_region": "not multi-region",
	"logging": "not logging",
	"read": "management read events not logged",
	"write": "management write events not logged",
}

# The problems a trail is known to have: checks on facts that were reported.
problems(trail) := [problem |
	some check, problem in checks
	not fact_of[check] in aws.trail_missing_facts(trail)
	not passes(trail, check)
]

passes(trail, "multi_region") if trail.IsMultiRegionTrail == true

passes(trail, "logging") if trail.Status.IsLogging == true

passes(trail, "read") if covers(trail, "read")

passes(trail, "write") if covers(trail, "write")

compliant if {
	some trail in trails
	count(aws.trail_missing_facts(trail)) == 0
	count(problems(trail)) == 0
}

# A trail with no known problem whose missing facts could still make it the compliant one.
undecided contains trail if {
	some trail in trails
	count(aws.trail_missing_facts(trail)) > 0
	count(problems(trail)) == 0
}

unknown contains msg if {
	not is_array(object.get(input.resource.config, "Trails", null))
	msg := sprintf("the CloudTrail trails of region %s were not reported", [input.resource.region])
}

unknown contains msg if {
	not compliant
	some trail in undecided
	msg := sprintf("trail %s: %s not reported", [object.get(trail, "Name", "(no name)"), concat(", ", aws.trail_missing_facts(trail))])
}

deny contains {"msg": msg} if {
	is_array(input.resource.config.Trails)
	count(trails) == 0
	msg := sprintf("no CloudTrail trail covers region %s", [input.resource.region])
}

deny contains {"msg": msg} if {
	count(trails) > 0
	not compliant
	count(undecided) == 0
	reasons := concat("; ", sort([sprintf("%s: %s", [object.get(t, "Name", "(no name)"), concat(", ", problems(t))]) | some t in trails]))
	msg := sprintf("no multi-region CloudTrail trail logs all management events in region %s (%s)", [input.resource.region, reasons])
}
