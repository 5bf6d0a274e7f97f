# METADATA
# title: Load balancer listener accepts TLS versions older than 1.2
# description: >-
#   An HTTPS or TLS listener uses a security policy that still negotiates TLS 1.0 or 1.1
#   (ELBSecurityPolicy-2016-08, -TLS-1-1-*, -FS-2018-06, ...), protocols with known weaknesses
#   that PCI DSS and NIST SP 800-52 no longer allow.
# custom:
#   id: aws-elbv2-listener-tls-policy
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the load balancer > Listeners > the HTTPS/TLS listener > Edit
#       > Security policy: ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS13 / TLS-1-2 / FS-1-2 policy) > Save.
#       CLI: aws elbv2 modify-listener --listener-arn <arn> --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06
package stance.rules.aws.elbv2.listener_tls_policy

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

# Predefined policies whose minimum protocol is TLS 1.2 or 1.3.
modern(policy) if regex.match(`^ELBSecurityPolicy-(TLS13-|TLS-1-2-|FS-1-2-)`, policy)

encrypted(listener) if listener.Protocol in {"HTTPS", "TLS"}

not_applicable if {
	is_array(config.Listeners)
	not any_encrypted
}

any_encrypted if {
	some listener in config.Listeners
	encrypted(listener)
}

unknown contains msg if {
	not is_array(object.get(config, "Listeners", null))
	msg := sprintf("load balancer %s: its listeners were not reported", [name])
}

unknown contains msg if {
	some listener in config.Listeners
	encrypted(listener)
	not is_string(object.get(listener, "SslPolicy", null))
	msg := sprintf("load balancer %s: the security policy of the %s listener on port %v was not reported", [name, listener.Protocol, listener.Port])
}

deny contains {"msg": msg} if {
	some listener in config.Listeners
	encrypted(listener)
	is_string(listener.SslPolicy)
	not modern(listener.SslPolicy)
	msg := sprintf("load balancer %s: %s listener on port %v uses %s, which allows TLS older than 1.2", [name, listener.Protocol, listener.Port, listener.SslPolicy])
}
