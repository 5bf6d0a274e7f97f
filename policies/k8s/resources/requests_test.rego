package stance.rules.k8s.resources.requests_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

no_resources := h.container({"resources": null})

cases := [
	{"name": "requests set", "expect": "pass", "input": h.with_facts(h.pod_with(h.good), h.no_limit_range)},
	{"name": "no resources at all", "expect": "fail", "input": h.with_facts(h.deployment_with(no_resources), h.no_limit_range)},
	{"name": "only a memory request", "expect": "fail", "input": h.with_facts(h.pod_with(h.with_resources({"requests": {"memory": "64Mi"}})), h.no_limit_range)},
	{"name": "limits only: the request defaults to the limit", "expect": "pass", "input": h.with_facts(h.pod_with(h.with_resources({"limits": {"cpu": "1", "memory": "1Gi"}})), h.no_limit_range)},
	{"name": "the namespace LimitRange gives default requests", "expect": "pass", "input": h.with_facts(h.deployment_with(no_resources), h.limit_range(["cpu", "memory"], []))},
	{"name": "the LimitRange defaults memory only", "expect": "fail", "input": h.with_facts(h.deployment_with(no_resources), h.limit_range(["memory"], ["memory"]))},
	{"name": "pod-level requests cover the containers", "expect": "pass", "input": h.with_facts(h.pod({"containers": [no_resources], "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}), h.no_limit_range)},
	{"name": "an init container without requests", "expect": "fail", "input": h.with_facts(h.pod({"containers": [h.good], "initContainers": [h.container({"name": "init", "resources": null})]}), h.no_limit_range)},
	{"name": "LimitRanges not collected: error", "expect": "error", "input": h.with_facts(h.deployment_with(no_resources), h.limit_range_unknown)},
	{"name": "never joined: error", "expect": "error", "input": h.deployment_with(no_resources)},
	{"name": "LimitRanges not collected but nothing missing: pass", "expect": "pass", "input": h.with_facts(h.pod_with(h.good), h.limit_range_unknown)},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.deployment_with(no_resources), "kube-system")},
]

test_cases if harness.check_cases("k8s.resources.requests", cases)
