# METADATA
# title: Classic Load Balancer does not write access logs
# description: >-
#   Access logging is off, so the requests the load balancer received are not kept for
#   investigation.
# custom:
#   id: aws-elb-access-logs
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the Classic Load Balancer > Attributes > Edit > turn on "Access
#       logs", choose the S3 bucket and interval > Save changes.
#       CLI: aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes
#       '{"AccessLog":{"Enabled":true,"S3BucketName":"<bucket>","EmitInterval":60}}'
package stance.rules.aws.elb.access_logs

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
	not is_boolean(object.get(attributes, ["AccessLog", "Enabled"], null))
	msg := sprintf("Classic Load Balancer %s: AccessLog.Enabled was not reported", [name])
}

deny contains {"msg": msg} if {
	attributes.AccessLog.Enabled == false
	msg := sprintf("Classic Load Balancer %s: access logs are off", [name])
}
