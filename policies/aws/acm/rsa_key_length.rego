# METADATA
# title: ACM certificate uses an RSA key shorter than 2048 bits
# description: >-
#   The certificate has a 1024-bit RSA key, which is within reach of well-funded attackers and
#   rejected by current browsers and NIST SP 800-131A.
# custom:
#   id: aws-acm-rsa-key-length
#   severity: high
#   resource_types: [aws.acm.certificate]
#   remediation: |-
#     Replace it with a certificate of RSA 2048 bits or more (or ECDSA P-256/P-384), then move every
#       listener and distribution that serves it.
#       Console: Certificate Manager > Request (key algorithm RSA 2048 or ECDSA P-256) or Import a new certificate.
#       CLI: aws acm request-certificate --domain-name <domain> --validation-method DNS --key-algorithm RSA_2048
package stance.rules.aws.acm.rsa_key_length

import rego.v1

cert := input.resource.config

name := object.get(cert, "DomainName", input.resource.name)

algorithm := object.get(cert, "KeyAlgorithm", null)

not_applicable if {
	is_string(algorithm)
	not startswith(algorithm, "RSA")
}

unknown contains msg if {
	not is_string(algorithm)
	msg := sprintf("ACM certificate %s: KeyAlgorithm was not reported", [name])
}

bits := to_number(trim_prefix(trim_prefix(algorithm, "RSA-"), "RSA_"))

deny contains {"msg": msg} if {
	startswith(algorithm, "RSA")
	bits < 2048
	msg := sprintf("ACM certificate %s uses a %d-bit RSA key", [name, bits])
}
