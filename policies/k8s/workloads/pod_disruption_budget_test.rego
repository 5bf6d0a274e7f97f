package stance.rules.k8s.workloads.pod_disruption_budget_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

workload(kind, replicas, facts) := h.with_facts(h.object_of(kind, "apps/v1", {"spec": {"replicas": replicas, "template": {"metadata": {"labels": {"app": "app"}}, "spec": {"containers": [h.good]}}}}), facts)

no_hpa := {"autoscaler": {"collected": true, "found": false}}

with_budget := object.union(no_hpa, {"podDisruptionBudgets": {"collected": true, "names": ["app"]}})

without_budget := object.union(no_hpa, {"podDisruptionBudgets": {"collected": true, "names": []}})

cases := [
	{"name": "three replicas with a budget", "expect": "pass", "input": workload("Deployment", 3, with_budget)},
	{"name": "three replicas without a budget", "expect": "fail", "input": workload("Deployment", 3, without_budget)},
	{"name": "a StatefulSet without a budget", "expect": "fail", "input": workload("StatefulSet", 2, without_budget)},
	{"name": "one replica: left to the single-replica rule", "expect": "not_applicable", "input": workload("Deployment", 1, without_budget)},
	{"name": "budgets not collected: error", "expect": "error", "input": workload("Deployment", 3, object.union(no_hpa, {"podDisruptionBudgets": {"collected": false, "reason": "k8s/prod/PodDisruptionBudget: list PodDisruptionBudget: HTTP 403"}}))},
	{"name": "never joined: error", "expect": "error", "input": workload("Deployment", 3, no_hpa)},
	{"name": "an autoscaler with minReplicas 2 and no budget", "expect": "fail", "input": workload("Deployment", 1, {"autoscaler": {"collected": true, "found": true, "name": "app", "minReplicas": 2}, "podDisruptionBudgets": {"collected": true, "names": []}})},
	{"name": "autoscalers unknown at one replica: error", "expect": "error", "input": workload("Deployment", 1, {"autoscaler": {"collected": false, "reason": "x"}, "podDisruptionBudgets": {"collected": true, "names": []}})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(workload("Deployment", 3, without_budget), "kube-system")},
]

test_cases if harness.check_cases("k8s.workloads.pod_disruption_budget", cases)
