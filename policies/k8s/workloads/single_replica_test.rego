package stance.rules.k8s.workloads.single_replica_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

deployment(replicas, autoscaler) := h.with_facts(h.object_of("Deployment", "apps/v1", {"spec": object.union({"template": {"spec": {"containers": [h.good]}}}, replicas)}), {"autoscaler": autoscaler})

no_hpa := {"collected": true}

cases := [
	{"name": "three replicas", "expect": "pass", "input": deployment({"replicas": 3}, no_hpa)},
	{"name": "one replica", "expect": "fail", "input": deployment({"replicas": 1}, no_hpa)},
	{"name": "replicas unset (defaults to 1)", "expect": "fail", "input": deployment({}, no_hpa)},
	{"name": "scaled to zero", "expect": "not_applicable", "input": deployment({"replicas": 0}, no_hpa)},
	{"name": "scaled to zero, autoscalers not collected", "expect": "not_applicable", "input": deployment({"replicas": 0}, {"collected": false, "reason": "x"})},
	{"name": "an autoscaler with minReplicas 3", "expect": "pass", "input": deployment({}, {"collected": true, "found": true, "name": "app", "minReplicas": 3})},
	{"name": "an autoscaler with the default minReplicas", "expect": "fail", "input": deployment({"replicas": 4}, {"collected": true, "found": true, "name": "app"})},
	{"name": "autoscalers not collected, one replica: error", "expect": "error", "input": deployment({"replicas": 1}, {"collected": false, "reason": "k8s/prod/HorizontalPodAutoscaler: list HorizontalPodAutoscaler: HTTP 403"})},
	{"name": "autoscalers not collected, two replicas", "expect": "pass", "input": deployment({"replicas": 2}, {"collected": false, "reason": "x"})},
	{"name": "a DaemonSet", "expect": "not_applicable", "input": h.object_of("DaemonSet", "apps/v1", {"spec": {"template": {"spec": {"containers": [h.good]}}}})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(deployment({"replicas": 1}, no_hpa), "kube-system")},
]

test_cases if harness.check_cases("k8s.workloads.single_replica", cases)
