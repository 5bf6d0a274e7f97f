# METADATA
# title: CloudFront may connect to a custom origin with SSLv3
# description: >-
#   A custom origin lists SSLv3 among the protocols CloudFront may use to reach it, a protocol
#   broken since POODLE (2014).
# custom:
#   id: aws-cloudfront-origin-ssl-protocols
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > Origins > select the origin > Edit >
#       Minimum origin SSL protocol TLSv1.2 > Save changes.
#       CLI: set the origin's CustomOriginConfig.OriginSslProtocols to {"Quantity": 1, "Items": ["TLSv1.2"]}
#       and run aws cloudfront update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.origin_ssl_protocols

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

not_applicable if {
	is_object(config)
	count(custom_origins) == 0
}

deny contains {"msg": msg} if {
	some origin in custom_origins
	"SSLv3" in object.get(origin.CustomOriginConfig, ["OriginSslProtocols", "Items"], [])
	msg := sprintf("CloudFront distribution %s: origin %s allows SSLv3", [id, origin.Id])
}
