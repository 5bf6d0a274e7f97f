package stance.rules.k8s.rbac.default_service_account_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "default without the setting", "expect": "fail", "input": f.service_account("default", {})},
	{"name": "default with automount true", "expect": "fail", "input": f.service_account("default", {"automountServiceAccountToken": true})},
	{"name": "default with automount false", "expect": "pass", "input": f.service_account("default", {"automountServiceAccountToken": false})},
	{"name": "another service account", "expect": "not_applicable", "input": f.service_account("app", {})},
]

test_cases if harness.check_cases("k8s.rbac.default_service_account", cases)
