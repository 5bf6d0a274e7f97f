package stance.rules.aws.eks.cluster_access_entries_test

import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import rego.v1

mode(m) := eks.patched({"accessConfig": {"authenticationMode": m}})

cases := [
	{"name": "access entries only", "expect": "pass", "input": mode("API")},
	{"name": "access entries and aws-auth", "expect": "pass", "input": mode("API_AND_CONFIG_MAP")},
	{"name": "aws-auth ConfigMap only", "expect": "fail", "input": mode("CONFIG_MAP")},
	{"name": "accessConfig not reported: error", "expect": "error", "input": eks.removed("accessConfig")},
]

test_cases if harness.check_cases("aws.eks.cluster_access_entries", cases)
