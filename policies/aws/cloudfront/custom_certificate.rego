# METADATA
# title: CloudFront distribution uses the default *.cloudfront.net certificate
# description: >-
#   The distribution serves the default CloudFront certificate, so viewers reach it by its
#   cloudfront.net name and the minimum TLS version cannot be raised above TLSv1.
# custom:
#   id: aws-cloudfront-custom-certificate
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Request a certificate for your domain in ACM in us-east-1, then
#       Console: CloudFront > Distributions > select the distribution > General > Settings > Edit > Alternate
#       domain name: your domain; Custom SSL certificate: the ACM certificate; Security policy TLSv1.2_2021 > Save.
#       CLI: set DistributionConfig.ViewerCertificate to {"ACMCertificateArn": "<arn>", "SSLSupportMethod":
#       "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"} and run aws cloudfront update-distribution
#       --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.custom_certificate

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

deny contains {"msg": msg} if {
	default_certificate
	msg := sprintf("CloudFront distribution %s uses the default CloudFront certificate", [id])
}
