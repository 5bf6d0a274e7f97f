# METADATA
# title: IAM Access Analyzer has no active analyzer in the region
# description: >-
#   No IAM Access Analyzer external access analyzer (type ACCOUNT or ORGANIZATION) is ACTIVE in
#   this region, so buckets, roles, keys, queues and
#   other resources shared outside the account (or organization) go unnoticed. Analyzers are
#   regional: every region in use needs one.
# custom:
#   id: aws-accessanalyzer-enabled
#   severity: medium
#   resource_types: [aws.accessanalyzer.region]
#   remediation: |-
#     Console: IAM > Access analyzer (in the region) > Analyzer settings > Create analyzer > type
#     "External access", zone of trust the account (or the organization from the management or
#     delegated admin account) > Create analyzer.
#     CLI: aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT
#     --region <region> (ORGANIZATION for an organization-wide analyzer).
package stance.rules.aws.accessanalyzer.enabled

import rego.v1

analyzers := object.get(input.resource.config, "Analyzers", [])

# Unused-access and internal-access analyzers do not look for sharing outside the zone of trust.
external_types := {"ACCOUNT", "ORGANIZATION"}

active contains analyzer.name if {
	some analyzer in analyzers
	analyzer.status == "ACTIVE"
	analyzer.type in external_types
}

unknown contains msg if {
	not is_array(object.get(input.resource.config, "Analyzers", null))
	msg := sprintf("the IAM Access Analyzer analyzers of region %s were not reported", [input.resource.region])
}

deny contains {"msg": msg} if {
	is_array(input.resource.config.Analyzers)
	count(active) == 0
	count(analyzers) == 0
	msg := sprintf("region %s has no IAM Access Analyzer analyzer", [input.resource.region])
}

deny contains {"msg": msg} if {
	count(active) == 0
	count(analyzers) > 0
	states := concat(", ", sort([sprintf("%v (%v) is %v", [object.get(a, "name", "?"), object.get(a, "type", "?"), object.get(a, "status", "not reported")]) | some a in analyzers]))
	msg := sprintf("region %s has no active IAM Access Analyzer external access analyzer (%s)", [input.resource.region, states])
}
