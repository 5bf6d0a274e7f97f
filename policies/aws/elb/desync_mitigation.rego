# METADATA
# title: Classic Load Balancer does not mitigate HTTP desync
# description: >-
#   The desync mitigation mode is "monitor", so requests that are ambiguous under RFC 7230 (HTTP
#   request smuggling) reach the instances.
# custom:
#   id: aws-elb-desync-mitigation
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the Classic Load Balancer > Attributes > Edit > Desync
#       mitigation mode "Defensive" (or "Strictest") > Save changes.
#       CLI: aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes
#       '{"AdditionalAttributes":[{"Key":"elb.http.desyncmitigationmode","Value":"defensive"}]}'
package stance.rules.aws.elb.desync_mitigation

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

attributes := object.get(config, "LoadBalancerAttributes", null)

unknown contains msg if {
	not is_object(attributes)
	msg := sprintf("Classic Load Balancer %s: its attributes were not reported", [name])
}

# AWS reports the mode among AdditionalAttributes; a load balancer that never set it runs "defensive".
mode := [a.Value | some a in object.get(attributes, "AdditionalAttributes", []); a.Key == "elb.http.desyncmitigationmode"]

deny contains {"msg": msg} if {
	some value in mode
	not value in {"defensive", "strictest"}
	msg := sprintf("Classic Load Balancer %s: desync mitigation mode is %s", [name, value])
}
