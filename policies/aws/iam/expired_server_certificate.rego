# METADATA
# title: Expired SSL/TLS certificate stored in IAM
# description: >-
#   A server certificate stored in IAM is past its expiration date. It protects nothing any more,
#   and deploying it by mistake to a load balancer or CloudFront breaks clients.
# custom:
#   id: aws-iam-expired-server-certificate
#   severity: medium
#   resource_types: [aws.iam.server_certificate]
#   remediation: |-
#     Make sure no load balancer or CloudFront distribution still references the certificate, then
#     delete it. IAM server certificates cannot be deleted from the console; use the CLI:
#     aws iam list-server-certificates (check Expiration), then
#     aws iam delete-server-certificate --server-certificate-name <name>.
#     Prefer AWS Certificate Manager (ACM), which renews certificates itself.
package stance.rules.aws.iam.expired_server_certificate

import data.stance.lib.dates
import rego.v1

config := input.resource.config

deny contains {"msg": msg} if {
	dates.ns(config.Expiration) <= input.context.now_ns
	msg := sprintf("IAM server certificate %s expired on %s", [config.ServerCertificateName, config.Expiration])
}

unknown contains msg if {
	not dates.ns(object.get(config, "Expiration", null))
	msg := sprintf("IAM server certificate %s has no readable expiration date", [input.resource.name])
}
