# METADATA
# title: Load balancer can be deleted without first turning off deletion protection
# description: >-
#   Deletion protection is off, so one mistaken or malicious DeleteLoadBalancer call takes the
#   application offline.
# custom:
#   id: aws-elbv2-deletion-protection
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the load balancer > Attributes > Edit > turn on "Deletion
#       protection" > Save changes.
#       CLI: aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes
#       Key=deletion_protection.enabled,Value=true
package stance.rules.aws.elbv2.deletion_protection

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

attributes := {a.Key: a.Value | some a in config.Attributes}



unknown contains msg if {
	not is_array(object.get(config, "Attributes", null))
	msg := sprintf("load balancer %s: its attributes were not reported", [name])
}

unknown contains msg if {
	is_array(config.Attributes)
	not attributes["deletion_protection.enabled"]
	msg := sprintf("load balancer %s: attribute deletion_protection.enabled was not reported", [name])
}

deny contains {"msg": msg} if {
	value := attributes["deletion_protection.enabled"]
	not value in {"true"}
	msg := sprintf("load balancer %s: deletion protection is off (deletion_protection.enabled is %s)", [name, value])
}
