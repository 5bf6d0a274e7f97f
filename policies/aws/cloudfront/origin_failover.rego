# METADATA
# title: CloudFront distribution has no origin failover
# description: >-
#   The distribution has no origin group, so when its origin fails CloudFront has no second
#   origin to retry and viewers get errors.
# custom:
#   id: aws-cloudfront-origin-failover
#   severity: low
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Create a second origin (a replica bucket or another endpoint), then
#       Console: CloudFront > Distributions > select the distribution > Origins > Create origin group > add the
#       primary and secondary origins and the failover status codes (500, 502, 503, 504) > Create; point the
#       behaviors at the origin group.
#       CLI: add an OriginGroups item to the configuration from aws cloudfront get-distribution-config --id <id>
#       and run aws cloudfront update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.origin_failover

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

config := object.get(dist, "DistributionConfig", null)

unknown contains msg if {
	not is_object(config)
	msg := sprintf("CloudFront distribution %s: its configuration was not reported", [id])
}

deny contains {"msg": msg} if {
	is_object(config)
	object.get(config, ["OriginGroups", "Quantity"], 0) == 0
	msg := sprintf("CloudFront distribution %s has no origin group for failover", [id])
}
