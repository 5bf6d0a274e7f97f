package stance.rules.k8s.workloads.default_service_account_used_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

cases := [
	{"name": "its own service account", "expect": "pass", "input": h.deployment_with(h.good)},
	{"name": "none named", "expect": "fail", "input": f.deployment({"containers": [h.good]})},
	{"name": "default named", "expect": "fail", "input": h.pod({"serviceAccountName": "default", "containers": [h.good]})},
	{"name": "the deprecated serviceAccount field", "expect": "pass", "input": f.pod({"serviceAccount": "app", "containers": [h.good]})},
	{"name": "empty name", "expect": "fail", "input": f.pod({"serviceAccountName": "", "containers": [h.good]})},
	{"name": "a CronJob without one", "expect": "fail", "input": f.cronjob({"containers": [h.good]})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(f.pod({"containers": [h.good]}), "kube-system")},
]

test_cases if harness.check_cases("k8s.workloads.default_service_account_used", cases)
