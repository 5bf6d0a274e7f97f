# METADATA
# title: Load balancer is placed in a single Availability Zone
# description: >-
#   The Application, Network or Gateway Load Balancer has nodes in one Availability Zone only,
#   so an outage of that zone makes the application unreachable.
# custom:
#   id: aws-elbv2-multi-az
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the load balancer > Network mapping > Edit subnets > select a
#       subnet in a second Availability Zone > Save changes.
#       CLI: aws elbv2 set-subnets --load-balancer-arn <arn> --subnets <subnet-in-zone-a> <subnet-in-zone-b>
package stance.rules.aws.elbv2.multi_az

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

unknown contains msg if {
	not is_array(object.get(config, "AvailabilityZones", null))
	msg := sprintf("load balancer %s: its Availability Zones were not reported", [name])
}

deny contains {"msg": msg} if {
	zones := {z.ZoneName | some z in config.AvailabilityZones}
	count(zones) < 2
	msg := sprintf("load balancer %s is in %d Availability Zone(s): %v", [name, count(zones), sort(zones)])
}
