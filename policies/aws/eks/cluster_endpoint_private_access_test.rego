package stance.rules.aws.eks.cluster_endpoint_private_access_test

import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "private access on", "expect": "pass", "input": eks.cluster(eks.hardened)},
	{"name": "public only", "expect": "fail", "input": eks.patched({"resourcesVpcConfig": {"endpointPublicAccess": true, "endpointPrivateAccess": false, "publicAccessCidrs": ["0.0.0.0/0"]}})},
	{"name": "flag not reported: error", "expect": "error", "input": eks.removed("resourcesVpcConfig/endpointPrivateAccess")},
]

test_cases if harness.check_cases("aws.eks.cluster_endpoint_private_access", cases)
