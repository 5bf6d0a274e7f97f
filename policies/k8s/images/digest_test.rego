package stance.rules.k8s.images.digest_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

cases := [
	{"name": "a tag only", "expect": "fail", "input": h.pod_with(h.container({"image": "registry.example/app:1.4.2"}))},
	{"name": "tag and digest", "expect": "pass", "input": h.deployment_with(h.good)},
	{"name": "digest only", "expect": "pass", "input": h.pod_with(h.container({"image": "registry.example/app@sha256:0d5e5dbe4b6c5a6f2fbd5a6a8c2b6c4a0f7f3c1e2d9b8a7c6b5a4f3e2d1c0b9a"}))},
	{"name": "a malformed digest", "expect": "fail", "input": h.pod_with(h.container({"image": "registry.example/app@sha256:abc"}))},
	{"name": "a pinned container beside an unpinned init container", "expect": "fail", "input": h.pod({"containers": [h.good], "initContainers": [h.container({"name": "init", "image": "busybox:1.36"})]})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.pod_with(h.container({"image": "app:1"})), "kube-node-lease")},
]

test_cases if harness.check_cases("k8s.images.digest", cases)
