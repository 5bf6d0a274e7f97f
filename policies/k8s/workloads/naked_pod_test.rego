package stance.rules.k8s.workloads.naked_pod_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

cases := [
	{"name": "a Pod on its own", "expect": "fail", "input": h.pod_with(h.good)},
	{"name": "owned by a ReplicaSet", "expect": "pass", "input": f.owned_pod({"containers": [h.good]})},
	{"name": "a mirror Pod owned by its Node", "expect": "pass", "input": h.in_namespace(f.mirror_pod({"containers": [h.good]}), "platform")},
	{"name": "an owner that is not the controller", "expect": "fail", "input": object.union(h.pod_with(h.good), {"resource": {"config": {"metadata": {"ownerReferences": [{"kind": "ConfigMap", "name": "x"}]}}}})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.pod_with(h.good), "kube-system")},
	{"name": "a Deployment", "expect": "not_applicable", "input": h.deployment_with(h.good)},
]

test_cases if harness.check_cases("k8s.workloads.naked_pod", cases)
