package stance.rules.aws.eks.cluster_control_plane_logging_test

import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import data.stance.rules.aws.eks.cluster_control_plane_logging as rule
import rego.v1

logging(setups) := eks.cluster(object.union(eks.hardened, {"logging": {"clusterLogging": setups}}))

cases := [
	{"name": "every type on", "expect": "pass", "input": eks.cluster(eks.hardened)},
	{"name": "every type on, in two entries", "expect": "pass", "input": logging([{"types": ["api", "audit"], "enabled": true}, {"types": ["authenticator", "controllerManager", "scheduler"], "enabled": true}])},
	{"name": "audit only", "expect": "fail", "input": logging([{"types": ["audit"], "enabled": true}, {"types": ["api", "authenticator", "controllerManager", "scheduler"], "enabled": false}])},
	{"name": "logging not reported: error", "expect": "error", "input": eks.removed("logging")},
]

test_cases if harness.check_cases("aws.eks.cluster_control_plane_logging", cases)

test_message if {
	some finding in rule.deny with input as logging([{"types": ["audit", "api"], "enabled": true}])
	finding.msg == "EKS cluster prod: control plane logs not sent to CloudWatch Logs: authenticator, controllerManager, scheduler"
}
