package stance.rules.aws.iam.support_role_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "a support role exists", "expect": "pass", "input": fx.iam_account({}, {}, {})},
	{"name": "policy attached to a user only", "expect": "fail", "input": fx.iam_account({}, {}, {"stance": {"supportRoles": [], "supportPolicyAttached": true}})},
	{"name": "policy not attached anywhere", "expect": "fail", "input": fx.iam_account({}, {}, {"stance": {"supportRoles": [], "supportPolicyAttached": false}})},
	{"name": "support roles not reported: error, never none", "expect": "error", "input": json.remove(fx.iam_account({}, {}, {}), ["resource/config/stance/supportRoles"])},
]

test_cases if harness.check_cases("aws.iam.support_role", cases)
