# METADATA
# title: Application Load Balancer passes invalid HTTP header fields to its targets
# description: >-
#   The Application Load Balancer forwards header fields whose names are not valid HTTP tokens;
#   such headers are a vehicle for request smuggling and header injection against the
#   applications behind it.
# custom:
#   id: aws-elbv2-drop-invalid-headers
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the load balancer > Attributes > Edit > turn on "Drop invalid
#       header fields" > Save changes.
#       CLI: aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes
#       Key=routing.http.drop_invalid_header_fields.enabled,Value=true
package stance.rules.aws.elbv2.drop_invalid_headers

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
	not attributes["routing.http.drop_invalid_header_fields.enabled"]
	msg := sprintf("load balancer %s: attribute routing.http.drop_invalid_header_fields.enabled was not reported", [name])
}

deny contains {"msg": msg} if {
	value := attributes["routing.http.drop_invalid_header_fields.enabled"]
	not value in {"true"}
	msg := sprintf("load balancer %s: invalid header fields are passed to targets (routing.http.drop_invalid_header_fields.enabled is %s)", [name, value])
}
