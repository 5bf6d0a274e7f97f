package stance.rules.k8s.resources.limits_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

no_resources := h.container({"resources": null})

cases := [
	{"name": "limits set", "expect": "pass", "input": h.with_facts(h.pod_with(h.good), h.no_limit_range)},
	{"name": "requests only", "expect": "fail", "input": h.with_facts(h.deployment_with(h.with_resources({"requests": {"cpu": "1", "memory": "1Gi"}})), h.no_limit_range)},
	{"name": "no CPU limit", "expect": "fail", "input": h.with_facts(h.pod_with(h.with_resources({"limits": {"memory": "1Gi"}})), h.no_limit_range)},
	{"name": "the namespace LimitRange gives default limits", "expect": "pass", "input": h.with_facts(h.deployment_with(no_resources), h.limit_range(["cpu", "memory"], ["cpu", "memory"]))},
	{"name": "pod-level limits cover the containers", "expect": "pass", "input": h.with_facts(h.pod({"containers": [no_resources], "resources": {"limits": {"cpu": "2", "memory": "2Gi"}}}), h.no_limit_range)},
	{"name": "LimitRanges not collected: error", "expect": "error", "input": h.with_facts(h.pod_with(no_resources), h.limit_range_unknown)},
	{"name": "a controller-owned Pod is checked on its controller", "expect": "not_applicable", "input": h.with_facts(object.union(h.pod_with(no_resources), {"resource": {"config": {"metadata": {"ownerReferences": [{"kind": "ReplicaSet", "name": "app-1", "controller": true}]}}}}), h.no_limit_range)},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.deployment_with(no_resources), "kube-public")},
]

test_cases if harness.check_cases("k8s.resources.limits", cases)
