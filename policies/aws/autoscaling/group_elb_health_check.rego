# METADATA
# title: Auto Scaling group behind a load balancer ignores the load balancer health checks
# description: >-
#   The group serves traffic through a load balancer but replaces instances only on EC2 status
#   checks, so an instance whose application fails the load balancer health check stays in
#   service.
# custom:
#   id: aws-autoscaling-group-elb-health-check
#   severity: low
#   resource_types: [aws.autoscaling.group]
#   remediation: |-
#     Console: EC2 > Auto Scaling groups > the group > Details > Health checks > Edit > turn on "Elastic Load
#       Balancing health checks" > Update.
#       CLI: aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --health-check-type ELB
#       --health-check-grace-period 300
package stance.rules.aws.autoscaling.group_elb_health_check

import rego.v1

group := input.resource.config

name := object.get(group, "AutoScalingGroupName", input.resource.name)

balanced if count(object.get(group, "LoadBalancerNames", [])) > 0

balanced if count(object.get(group, "TargetGroupARNs", [])) > 0

balanced if {
	some source in object.get(group, "TrafficSources", [])
	source.Type in {"elb", "elbv2"}
}

not_applicable if not balanced

unknown contains msg if {
	balanced
	not is_string(object.get(group, "HealthCheckType", null))
	msg := sprintf("Auto Scaling group %s: HealthCheckType was not reported", [name])
}

deny contains {"msg": msg} if {
	balanced
	not contains(group.HealthCheckType, "ELB")
	msg := sprintf("Auto Scaling group %s is behind a load balancer but uses %s health checks only", [name, group.HealthCheckType])
}
