# METADATA
# title: Classic Load Balancer is placed in a single Availability Zone
# description: >-
#   The Classic Load Balancer spans one Availability Zone only, so an outage of that zone makes
#   the application unreachable.
# custom:
#   id: aws-elb-multi-az
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the Classic Load Balancer > Instances (or Network mapping) >
#       Edit Availability Zones / subnets > add a subnet in a second zone > Save.
#       CLI: aws elb attach-load-balancer-to-subnets --load-balancer-name <name> --subnets <subnet-in-another-zone>
package stance.rules.aws.elb.multi_az

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

unknown contains msg if {
	not is_array(object.get(config, "AvailabilityZones", null))
	msg := sprintf("Classic Load Balancer %s: its Availability Zones were not reported", [name])
}

deny contains {"msg": msg} if {
	count(config.AvailabilityZones) < 2
	msg := sprintf("Classic Load Balancer %s is in %d Availability Zone(s)", [name, count(config.AvailabilityZones)])
}
