package stance.rules.aws.eks.cluster_endpoint_open_to_internet_test

import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import rego.v1

public(cidrs) := eks.patched({"resourcesVpcConfig": {"endpointPublicAccess": true, "publicAccessCidrs": cidrs}})

cases := [
	{"name": "no public access", "expect": "pass", "input": eks.cluster(eks.hardened)},
	{"name": "public, from two networks", "expect": "pass", "input": public(["203.0.113.0/24", "198.51.100.7/32"])},
	{"name": "public from 0.0.0.0/0 (the default)", "expect": "fail", "input": public(["0.0.0.0/0"])},
	{"name": "public from ::/0 among others", "expect": "fail", "input": public(["203.0.113.0/24", "::/0"])},
	{"name": "public, CIDRs not reported: error", "expect": "error", "input": json.remove(public([]), ["resource/config/resourcesVpcConfig/publicAccessCidrs"])},
	{"name": "public access flag not reported: error", "expect": "error", "input": eks.removed("resourcesVpcConfig/endpointPublicAccess")},
]

test_cases if harness.check_cases("aws.eks.cluster_endpoint_open_to_internet", cases)
