package stance.rules.k8s.probes.liveness_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

no_probe := h.container({"livenessProbe": null})

cases := [
	{"name": "probe set", "expect": "pass", "input": h.deployment_with(h.good)},
	{"name": "no probe", "expect": "fail", "input": h.deployment_with(no_probe)},
	{"name": "a sidecar without a probe", "expect": "fail", "input": h.pod({"containers": [h.good], "initContainers": [h.container({"name": "proxy", "restartPolicy": "Always", "livenessProbe": null})]})},
	{"name": "an ordinary init container needs none", "expect": "pass", "input": h.pod({"containers": [h.good], "initContainers": [h.container({"name": "migrate", "livenessProbe": null})]})},
	{"name": "a Pod that runs to completion", "expect": "not_applicable", "input": h.pod({"restartPolicy": "Never", "containers": [no_probe]})},
	{"name": "a CronJob", "expect": "not_applicable", "input": f.cronjob({"containers": [no_probe]})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.deployment_with(no_probe), "kube-system")},
]

test_cases if harness.check_cases("k8s.probes.liveness", cases)
