package stance.rules.k8s.images.latest_tag_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

cases := [
	{"name": "no tag", "expect": "fail", "input": h.pod_with(h.container({"image": "nginx"}))},
	{"name": "latest tag in a Deployment", "expect": "fail", "input": h.deployment_with(h.container({"image": "registry.example/shop/web:latest"}))},
	{"name": "registry with a port and no tag", "expect": "fail", "input": h.pod_with(h.container({"image": "registry.example:5000/shop/web"}))},
	{"name": "a released tag", "expect": "pass", "input": h.pod_with(h.container({"image": "registry.example:5000/shop/web:2.14.1"}))},
	{"name": "latest pinned by digest", "expect": "pass", "input": h.pod_with(h.container({"image": "nginx:latest@sha256:0d5e5dbe4b6c5a6f2fbd5a6a8c2b6c4a0f7f3c1e2d9b8a7c6b5a4f3e2d1c0b9a"}))},
	{"name": "an init container without a tag", "expect": "fail", "input": h.pod({"containers": [h.good], "initContainers": [h.container({"name": "init", "image": "busybox"})]})},
	{"name": "a container without an image is not judged", "expect": "pass", "input": h.pod_with(h.container({"image": null}))},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.pod_with(h.container({"image": "nginx"})), "kube-system")},
	{"name": "a configured system namespace", "expect": "not_applicable", "input": h.with_context(h.pod_with(h.container({"image": "nginx"})), {"system_namespaces": ["shop"]})},
	{"name": "kube-system is a workload namespace when not listed", "expect": "fail", "input": h.with_context(h.in_namespace(h.pod_with(h.container({"image": "nginx"})), "kube-system"), {"system_namespaces": ["platform"]})},
]

test_cases if harness.check_cases("k8s.images.latest_tag", cases)
