# METADATA
# title: CloudFront distribution serves its certificate from dedicated IP addresses
# description: >-
#   The custom certificate is served with SSL support method "vip" (dedicated IP addresses, for
#   clients without SNI) or "static-ip", which costs extra and is not needed by any current
#   client; SNI is the recommended method.
# custom:
#   id: aws-cloudfront-sni
#   severity: low
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > General > Settings > Edit > Legacy
#       clients support: off (serves with SNI) > Save changes.
#       CLI: set DistributionConfig.ViewerCertificate.SSLSupportMethod to "sni-only" and run aws cloudfront
#       update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.sni

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

config := object.get(dist, "DistributionConfig", null)

unknown contains msg if {
	not is_object(config)
	msg := sprintf("CloudFront distribution %s: its configuration was not reported", [id])
}

certificate := object.get(config, "ViewerCertificate", null)

unknown contains msg if {
	is_object(config)
	not is_object(certificate)
	msg := sprintf("CloudFront distribution %s: ViewerCertificate was not reported", [id])
}

default_certificate if certificate.CloudFrontDefaultCertificate == true

not_applicable if default_certificate

deny contains {"msg": msg} if {
	not default_certificate
	method := object.get(certificate, "SSLSupportMethod", "")
	method != "sni-only"
	msg := sprintf("CloudFront distribution %s serves its certificate with SSL support method %s, not SNI", [id, method])
}
