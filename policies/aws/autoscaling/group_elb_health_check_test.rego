package stance.rules.aws.autoscaling.group_elb_health_check_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.autoscaling.group_elb_health_check as rule
import rego.v1

cases := [
	{"name": "ELB health checks", "expect": "pass", "input": fx.asg({})},
	{"name": "EC2 health checks", "expect": "fail", "input": fx.asg({"HealthCheckType": "EC2"})},
	{"name": "classic load balancer, EC2 checks", "expect": "fail", "input": fx.asg({"HealthCheckType": "EC2", "TargetGroupARNs": [], "TrafficSources": [], "LoadBalancerNames": ["legacy-web"]})},
	{"name": "traffic source only, EC2 checks", "expect": "fail", "input": fx.asg({"HealthCheckType": "EC2", "TargetGroupARNs": []})},
	{"name": "no load balancer", "expect": "not_applicable", "input": fx.asg({"HealthCheckType": "EC2", "TargetGroupARNs": [], "TrafficSources": []})},
	{"name": "type not reported", "expect": "error", "input": json.remove(fx.asg({}), ["resource/config/HealthCheckType"])},
]

test_cases if harness.check_cases("aws.autoscaling.group_elb_health_check", cases)

test_message if {
	some f in rule.deny with input as fx.asg({"HealthCheckType": "EC2"})
	f.msg == "Auto Scaling group shop-web is behind a load balancer but uses EC2 health checks only"
}
