# METADATA
# title: CloudFront distribution is not protected by AWS WAF
# description: >-
#   No web ACL is associated with the distribution, so common web exploits and request floods
#   reach the origin unfiltered.
# custom:
#   id: aws-cloudfront-waf
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > Security > Edit > enable AWS WAF
#       protections (or WAF > Web ACLs (Global) > the web ACL > Associated AWS resources > Add > the distribution).
#       CLI: set DistributionConfig.WebACLId to the web ACL ARN (WAF v2, scope CLOUDFRONT, us-east-1) and run
#       aws cloudfront update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.waf

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

config := object.get(dist, "DistributionConfig", null)

unknown contains msg if {
	not is_object(config)
	msg := sprintf("CloudFront distribution %s: its configuration was not reported", [id])
}

unknown contains msg if {
	is_object(config)
	not is_string(object.get(config, "WebACLId", null))
	msg := sprintf("CloudFront distribution %s: WebACLId was not reported", [id])
}

deny contains {"msg": msg} if {
	config.WebACLId == ""
	msg := sprintf("CloudFront distribution %s has no AWS WAF web ACL", [id])
}
