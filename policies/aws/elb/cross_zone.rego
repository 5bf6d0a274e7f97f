# METADATA
# title: Classic Load Balancer does not balance across Availability Zones
# description: >-
#   Cross-zone load balancing is off, so each zone node of the load balancer sends traffic only
#   to instances in its own zone and an uneven zone overloads.
# custom:
#   id: aws-elb-cross-zone
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the Classic Load Balancer > Attributes > Edit > turn on
#       "Cross-zone load balancing" > Save changes.
#       CLI: aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes
#       '{"CrossZoneLoadBalancing":{"Enabled":true}}'
package stance.rules.aws.elb.cross_zone

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
	not is_boolean(object.get(attributes, ["CrossZoneLoadBalancing", "Enabled"], null))
	msg := sprintf("Classic Load Balancer %s: CrossZoneLoadBalancing.Enabled was not reported", [name])
}

deny contains {"msg": msg} if {
	attributes.CrossZoneLoadBalancing.Enabled == false
	msg := sprintf("Classic Load Balancer %s: cross-zone load balancing is off", [name])
}
