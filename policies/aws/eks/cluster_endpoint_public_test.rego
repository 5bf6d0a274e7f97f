package stance.rules.aws.eks.cluster_endpoint_public_test

import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import data.stance.rules.aws.eks.cluster_endpoint_public as rule
import rego.v1

cases := [
	{"name": "private endpoint only", "expect": "pass", "input": eks.cluster(eks.hardened)},
	{"name": "public, restricted to one address: still public", "expect": "fail", "input": eks.patched({"resourcesVpcConfig": {"endpointPublicAccess": true, "publicAccessCidrs": ["203.0.113.5/32"]}})},
	{"name": "public to everyone", "expect": "fail", "input": eks.patched({"resourcesVpcConfig": {"endpointPublicAccess": true, "publicAccessCidrs": ["0.0.0.0/0"]}})},
	{"name": "flag not reported: error", "expect": "error", "input": eks.removed("resourcesVpcConfig/endpointPublicAccess")},
]

test_cases if harness.check_cases("aws.eks.cluster_endpoint_public", cases)

test_message if {
	some finding in rule.deny with input as eks.patched({"resourcesVpcConfig": {"endpointPublicAccess": true, "publicAccessCidrs": ["203.0.113.5/32"]}})
	finding.msg == "EKS cluster prod: the Kubernetes API endpoint is public (reachable from 203.0.113.5/32)"
}
