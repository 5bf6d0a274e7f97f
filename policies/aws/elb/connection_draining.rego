# METADATA
# title: Classic Load Balancer drops in-flight requests when an instance leaves
# description: >-
#   Connection draining is off, so requests in flight to an instance that is deregistered or
#   fails its health check are cut off.
# custom:
#   id: aws-elb-connection-draining
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the Classic Load Balancer > Attributes > Edit > turn on
#       "Connection draining" (timeout 300 s) > Save changes.
#       CLI: aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes
#       '{"ConnectionDraining":{"Enabled":true,"Timeout":300}}'
package stance.rules.aws.elb.connection_draining

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

attributes := object.get(config, "LoadBalancerAttributes", null)

unknown contains msg if {
	not is_object(attributes)
	msg := sprintf("Classic Load Balancer %s: its attributes were not reported", [name])
}

unknown contains msg if {
	is_object(attributes)
	not is_boolean(object.get(attributes, ["ConnectionDraining", "Enabled"], null))
	msg := sprintf("Classic Load Balancer %s: ConnectionDraining.Enabled was not reported", [name])
}

deny contains {"msg": msg} if {
	attributes.ConnectionDraining.Enabled == false
	msg := sprintf("Classic Load Balancer %s: connection draining is off", [name])
}
