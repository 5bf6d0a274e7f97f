package stance.rules.k8s.images.pull_policy_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

cases := [
	{"name": "a version tag with the default policy (IfNotPresent)", "expect": "fail", "input": h.pod_with(h.container({"image": "registry.example/app:1.4.2", "imagePullPolicy": null}))},
	{"name": "latest with IfNotPresent", "expect": "fail", "input": h.deployment_with(h.container({"image": "registry.example/app:latest", "imagePullPolicy": "IfNotPresent"}))},
	{"name": "Never", "expect": "fail", "input": h.pod_with(h.container({"image": "registry.example/app:1.4.2", "imagePullPolicy": "Never"}))},
	{"name": "a version tag with Always", "expect": "pass", "input": h.pod_with(h.container({"image": "registry.example/app:1.4.2", "imagePullPolicy": "Always"}))},
	{"name": "no tag with the default policy (Always)", "expect": "pass", "input": h.pod_with(h.container({"image": "registry.example/app", "imagePullPolicy": null}))},
	{"name": "pinned by digest with IfNotPresent", "expect": "pass", "input": h.pod_with(h.good)},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.pod_with(h.container({"image": "app:1", "imagePullPolicy": "Never"})), "kube-system")},
]

test_cases if harness.check_cases("k8s.images.pull_policy", cases)
