# METADATA
# title: CloudFront distribution accepts viewer TLS versions older than 1.2
# description: >-
#   The security policy of the custom certificate (MinimumProtocolVersion SSLv3, TLSv1,
#   TLSv1_2016 or TLSv1.1_2016) lets viewers negotiate protocols older than TLS 1.2.
# custom:
#   id: aws-cloudfront-viewer-tls-version
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > General > Settings > Edit > Security
#       policy TLSv1.2_2021 (recommended) > Save changes.
#       CLI: set DistributionConfig.ViewerCertificate.MinimumProtocolVersion to "TLSv1.2_2021" and run aws
#       cloudfront update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.viewer_tls_version

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

old_versions := {"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"}

unknown contains msg if {
	is_object(certificate)
	not default_certificate
	not is_string(object.get(certificate, "MinimumProtocolVersion", null))
	msg := sprintf("CloudFront distribution %s: ViewerCertificate.MinimumProtocolVersion was not reported", [id])
}

deny contains {"msg": msg} if {
	not default_certificate
	certificate.MinimumProtocolVersion in old_versions
	msg := sprintf("CloudFront distribution %s accepts viewers below TLS 1.2 (security policy %s)", [id, certificate.MinimumProtocolVersion])
}
