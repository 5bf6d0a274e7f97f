# METADATA
# title: Classic Load Balancer serves a certificate not managed by ACM
# description: >-
#   An HTTPS or SSL listener uses a certificate uploaded to IAM rather than one from AWS
#   Certificate Manager, so nothing renews it and its expiry is easy to miss.
# custom:
#   id: aws-elb-acm-certificate
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Request or import the certificate in ACM, then
#       Console: EC2 > Load Balancers > select the Classic Load Balancer > Listeners > Edit > the HTTPS/SSL
#       listener > Change SSL certificate > choose the ACM certificate > Save.
#       CLI: aws elb set-load-balancer-listener-ssl-certificate --load-balancer-name <name>
#       --load-balancer-port 443 --ssl-certificate-id <acm-certificate-arn>
package stance.rules.aws.elb.acm_certificate

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

listeners := [d.Listener | some d in config.ListenerDescriptions]

unknown contains msg if {
	not is_array(object.get(config, "ListenerDescriptions", null))
	msg := sprintf("Classic Load Balancer %s: its listeners were not reported", [name])
}

secure(listener) if upper(listener.Protocol) in {"HTTPS", "SSL"}

not_applicable if {
	is_array(object.get(config, "ListenerDescriptions", null))
	count([l | some l in listeners; secure(l)]) == 0
}

deny contains {"msg": msg} if {
	some listener in listeners
	secure(listener)
	not contains(object.get(listener, "SSLCertificateId", ""), ":acm:")
	msg := sprintf("Classic Load Balancer %s: %s listener on port %v uses certificate %s, not one from ACM", [name, listener.Protocol, listener.LoadBalancerPort, object.get(listener, "SSLCertificateId", "(none)")])
}
