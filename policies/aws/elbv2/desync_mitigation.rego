# METADATA
# title: Application Load Balancer does not mitigate HTTP desync
# description: >-
#   The desync mitigation mode is "monitor", so requests that are ambiguous under RFC 7230 (the
#   raw material of HTTP request smuggling) are forwarded to targets.
# custom:
#   id: aws-elbv2-desync-mitigation
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the load balancer > Attributes > Edit > Packet handling >
#       Desync mitigation mode "Defensive" (or "Strictest") > Save changes.
#       CLI: aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes
#       Key=routing.http.desync_mitigation_mode,Value=defensive
package stance.rules.aws.elbv2.desync_mitigation

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

attributes := {a.Key: a.Value | some a in config.Attributes}

not_applicable if config.Type != "application"

unknown contains msg if {
	not is_array(object.get(config, "Attributes", null))
	msg := sprintf("load balancer %s: its attributes were not reported", [name])
}

unknown contains msg if {
	is_array(config.Attributes)
	not attributes["routing.http.desync_mitigation_mode"]
	msg := sprintf("load balancer %s: attribute routing.http.desync_mitigation_mode was not reported", [name])
}

deny contains {"msg": msg} if {
	value := attributes["routing.http.desync_mitigation_mode"]
	not value in {"defensive", "strictest"}
	msg := sprintf("load balancer %s: desync mitigation does not block ambiguous requests (routing.http.desync_mitigation_mode is %s)", [name, value])
}
