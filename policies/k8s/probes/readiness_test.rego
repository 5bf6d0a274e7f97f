package stance.rules.k8s.probes.readiness_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

no_probe := h.container({"readinessProbe": null})

behind_web := {"services": {"collected": true, "names": ["web"]}}

no_service := {"services": {"collected": true, "names": []}}

cases := [
	{"name": "probe set behind a Service", "expect": "pass", "input": h.with_facts(h.deployment_with(h.good), behind_web)},
	{"name": "no probe behind a Service", "expect": "fail", "input": h.with_facts(h.deployment_with(no_probe), behind_web)},
	{"name": "no probe, no Service selects it", "expect": "not_applicable", "input": h.with_facts(h.deployment_with(no_probe), no_service)},
	{"name": "Services not collected: error", "expect": "error", "input": h.with_facts(h.deployment_with(no_probe), {"services": {"collected": false, "reason": "k8s/prod/Service: list Service: HTTP 403"}})},
	{"name": "never joined: error", "expect": "error", "input": h.pod_with(no_probe)},
	{"name": "a Pod that runs to completion", "expect": "not_applicable", "input": h.with_facts(h.pod({"restartPolicy": "OnFailure", "containers": [no_probe]}), behind_web)},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.with_facts(h.deployment_with(no_probe), behind_web), "kube-system")},
]

test_cases if harness.check_cases("k8s.probes.readiness", cases)
