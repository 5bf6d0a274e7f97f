package stance.rules.aws.secretsmanager.rotation_enabled_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

never_configured := json.remove(fx.secret({}), ["resource/config/RotationEnabled", "resource/config/RotationLambdaARN", "resource/config/RotationRules", "resource/config/NextRotationDate"])

cases := [
	{"name": "rotation on", "expect": "pass", "input": fx.secret({})},
	{"name": "rotation turned off", "expect": "fail", "input": fx.secret({"RotationEnabled": false})},
	{"name": "never configured (ListSecrets omits RotationEnabled)", "expect": "fail", "input": never_configured},
]

test_cases if harness.check_cases("aws.secretsmanager.rotation_enabled", cases)
