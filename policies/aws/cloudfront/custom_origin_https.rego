# METADATA
# title: CloudFront sends traffic to a custom origin unencrypted
# description: >-
#   A custom origin has origin protocol policy "http-only", or "match-viewer" while a behavior
#   routing to it lets viewers use HTTP, so CloudFront fetches content from the origin over
#   plain HTTP.
# custom:
#   id: aws-cloudfront-custom-origin-https
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Serve HTTPS on the origin with a certificate valid for its domain name, then
#       Console: CloudFront > Distributions > select the distribution > Origins > select the origin > Edit >
#       Protocol "HTTPS only" > Save changes.
#       CLI: set the origin's CustomOriginConfig.OriginProtocolPolicy to "https-only" and run aws cloudfront
#       update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.custom_origin_https

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

config := object.get(dist, "DistributionConfig", null)

unknown contains msg if {
	not is_object(config)
	msg := sprintf("CloudFront distribution %s: its configuration was not reported", [id])
}

origins := object.get(config, ["Origins", "Items"], [])

custom_origins := [o | some o in origins; o.CustomOriginConfig]

behaviors contains ["default", config.DefaultCacheBehavior] if config.DefaultCacheBehavior

behaviors contains [b.PathPattern, b] if {
	some b in object.get(config, ["CacheBehaviors", "Items"], [])
}

not_applicable if {
	is_object(config)
	count(custom_origins) == 0
}

http_to_origin(origin) if origin.CustomOriginConfig.OriginProtocolPolicy == "http-only"

http_to_origin(origin) if {
	origin.CustomOriginConfig.OriginProtocolPolicy == "match-viewer"
	some [_, b] in behaviors
	b.TargetOriginId == origin.Id
	b.ViewerProtocolPolicy == "allow-all"
}

deny contains {"msg": msg} if {
	some origin in custom_origins
	http_to_origin(origin)
	msg := sprintf("CloudFront distribution %s: origin %s is reached over HTTP (origin protocol policy %s)", [id, origin.Id, origin.CustomOriginConfig.OriginProtocolPolicy])
}
