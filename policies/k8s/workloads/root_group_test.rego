package stance.rules.k8s.workloads.root_group_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

cases := [
	{"name": "non-zero groups", "expect": "pass", "input": h.pod({"securityContext": {"runAsGroup": 10001, "fsGroup": 10001, "supplementalGroups": [2000]}, "containers": [h.good]})},
	{"name": "no group set (the image decides)", "expect": "pass", "input": h.pod_with(h.good)},
	{"name": "runAsGroup 0 on the pod", "expect": "fail", "input": h.deployment({"securityContext": {"runAsGroup": 0}, "containers": [h.good]})},
	{"name": "runAsGroup 0 on the pod, overridden by every container", "expect": "pass", "input": h.pod({"securityContext": {"runAsGroup": 0}, "containers": [h.container({"securityContext": {"runAsGroup": 3000}})]})},
	{"name": "runAsGroup 0 on a container", "expect": "fail", "input": h.pod_with(h.container({"securityContext": {"runAsGroup": 0}}))},
	{"name": "fsGroup 0", "expect": "fail", "input": h.pod({"securityContext": {"fsGroup": 0}, "containers": [h.good]})},
	{"name": "supplemental group 0", "expect": "fail", "input": h.pod({"securityContext": {"supplementalGroups": [1000, 0]}, "containers": [h.good]})},
	{"name": "kube-system is checked too (a security rule)", "expect": "fail", "input": h.in_namespace(h.pod({"securityContext": {"fsGroup": 0}, "containers": [h.good]}), "kube-system")},
	{"name": "Windows pod", "expect": "not_applicable", "input": h.pod({"os": {"name": "windows"}, "securityContext": {"runAsGroup": 0}, "containers": [h.good]})},
	{"name": "a controller-owned Pod", "expect": "not_applicable", "input": f.owned_pod({"securityContext": {"runAsGroup": 0}, "containers": [h.good]})},
]

test_cases if harness.check_cases("k8s.workloads.root_group", cases)
