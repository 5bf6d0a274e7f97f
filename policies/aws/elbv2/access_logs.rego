# METADATA
# title: Application Load Balancer does not write access logs
# description: >-
#   Access logging is off, so the requests the load balancer received (client addresses, paths,
#   status codes, TLS details) are not kept for investigation.
# custom:
#   id: aws-elbv2-access-logs
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the load balancer > Attributes > Edit > Monitoring > turn on
#       "Access logs", choose an S3 bucket whose policy lets Elastic Load Balancing write > Save changes.
#       CLI: aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes
#       Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<bucket>
package stance.rules.aws.elbv2.access_logs

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
	not attributes["access_logs.s3.enabled"]
	msg := sprintf("load balancer %s: attribute access_logs.s3.enabled was not reported", [name])
}

deny contains {"msg": msg} if {
	value := attributes["access_logs.s3.enabled"]
	not value in {"true"}
	msg := sprintf("load balancer %s: access logs are off (access_logs.s3.enabled is %s)", [name, value])
}
