package stance.rules.aws.eks.cluster_audit_logging_test

import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import rego.v1

logging(setups) := eks.cluster(object.union(eks.hardened, {"logging": {"clusterLogging": setups}}))

cases := [
	{"name": "every type on", "expect": "pass", "input": eks.cluster(eks.hardened)},
	{"name": "audit on, the rest off", "expect": "pass", "input": logging([{"types": ["audit"], "enabled": true}, {"types": ["api", "authenticator", "controllerManager", "scheduler"], "enabled": false}])},
	{"name": "everything off (the default)", "expect": "fail", "input": logging([{"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": false}])},
	{"name": "api on, audit off", "expect": "fail", "input": logging([{"types": ["api"], "enabled": true}, {"types": ["audit"], "enabled": false}])},
	{"name": "logging not reported: error", "expect": "error", "input": eks.removed("logging")},
]

test_cases if harness.check_cases("aws.eks.cluster_audit_logging", cases)
