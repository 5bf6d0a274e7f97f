# METADATA
# title: Classic Load Balancer listener does not terminate HTTPS or TLS
# description: >-
#   A front-end listener of the Classic Load Balancer speaks plain HTTP or TCP, so client
#   traffic crosses the network unencrypted.
# custom:
#   id: aws-elb-listener-encrypted
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Upload or request a certificate in ACM, then
#       Console: EC2 > Load Balancers > select the Classic Load Balancer > Listeners > Edit > change the HTTP
#       listener to HTTPS (or TCP to SSL) on 443 with the ACM certificate > Save; remove the plain listener.
#       CLI: aws elb create-load-balancer-listeners --load-balancer-name <name> --listeners
#       Protocol=HTTPS,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=80,SSLCertificateId=<acm-arn>;
#       aws elb delete-load-balancer-listeners --load-balancer-name <name> --load-balancer-ports 80
package stance.rules.aws.elb.listener_encrypted

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

listeners := [d.Listener | some d in config.ListenerDescriptions]

unknown contains msg if {
	not is_array(object.get(config, "ListenerDescriptions", null))
	msg := sprintf("Classic Load Balancer %s: its listeners were not reported", [name])
}

deny contains {"msg": msg} if {
	some listener in listeners
	not upper(listener.Protocol) in {"HTTPS", "SSL"}
	msg := sprintf("Classic Load Balancer %s: %s listener on port %v is not encrypted", [name, listener.Protocol, listener.LoadBalancerPort])
}
