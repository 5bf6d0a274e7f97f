# METADATA
# title: ACM certificate expires within 30 days
# description: >-
#   The certificate expires within 30 days (or has expired). Imported certificates are never
#   renewed by ACM, and an ACM-issued one that failed validation will not be either; whatever
#   serves it will then fail TLS handshakes.
# custom:
#   id: aws-acm-certificate-expiring
#   severity: medium
#   resource_types: [aws.acm.certificate]
#   remediation: |-
#     Imported: obtain a new certificate from your CA and re-import it over the same ARN.
#       Console: Certificate Manager > the certificate > Reimport (imported) / check Renewal status and fix
#       DNS or email validation (ACM-issued).
#       CLI: aws acm import-certificate --certificate-arn <arn> --certificate fileb://cert.pem --private-key
#       fileb://key.pem --certificate-chain fileb://chain.pem; aws acm describe-certificate --certificate-arn <arn>
#       --query Certificate.RenewalSummary
package stance.rules.aws.acm.certificate_expiring

import rego.v1

import data.stance.lib.dates

cert := input.resource.config

name := object.get(cert, "DomainName", input.resource.name)

days_left := floor((dates.ns(cert.NotAfter) - input.context.now_ns) / dates.ns_per_day)

not_applicable if not cert.Status in {"ISSUED", "EXPIRED"}

unknown contains msg if {
	cert.Status in {"ISSUED", "EXPIRED"}
	not dates.is_timestamp(object.get(cert, "NotAfter", null))
	msg := sprintf("ACM certificate %s: NotAfter was not reported", [name])
}

deny contains {"msg": msg} if {
	days_left < 0
	msg := sprintf("ACM certificate %s (%s) expired on %s", [name, object.get(cert, "Type", "?"), cert.NotAfter])
}

deny contains {"msg": msg} if {
	days_left >= 0
	days_left < 30
	msg := sprintf("ACM certificate %s (%s) expires in %d days, on %s", [name, object.get(cert, "Type", "?"), days_left, cert.NotAfter])
}
