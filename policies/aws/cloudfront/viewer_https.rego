# METADATA
# title: CloudFront distribution serves viewers over plain HTTP
# description: >-
#   A cache behavior has viewer protocol policy "allow-all", so viewers can fetch content,
#   cookies and tokens over unencrypted HTTP.
# custom:
#   id: aws-cloudfront-viewer-https
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > Behaviors > select each behavior > Edit
#       > Viewer protocol policy "Redirect HTTP to HTTPS" (or "HTTPS only") > Save changes.
#       CLI: in the output of aws cloudfront get-distribution-config --id <id>, set ViewerProtocolPolicy to
#       "redirect-to-https" in DefaultCacheBehavior and every CacheBehaviors item, then aws cloudfront
#       update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.viewer_https

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

config := object.get(dist, "DistributionConfig", null)

unknown contains msg if {
	not is_object(config)
	msg := sprintf("CloudFront distribution %s: its configuration was not reported", [id])
}

behaviors contains ["default", config.DefaultCacheBehavior] if config.DefaultCacheBehavior

behaviors contains [b.PathPattern, b] if {
	some b in object.get(config, ["CacheBehaviors", "Items"], [])
}

unknown contains msg if {
	is_object(config)
	not is_object(object.get(config, "DefaultCacheBehavior", null))
	msg := sprintf("CloudFront distribution %s: DefaultCacheBehavior was not reported", [id])
}

deny contains {"msg": msg} if {
	some [path, b] in behaviors
	b.ViewerProtocolPolicy == "allow-all"
	msg := sprintf("CloudFront distribution %s: cache behavior %s allows plain HTTP (viewer protocol policy allow-all)", [id, path])
}
