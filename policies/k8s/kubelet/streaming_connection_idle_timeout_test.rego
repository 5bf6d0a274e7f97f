package stance.rules.k8s.kubelet.streaming_connection_idle_timeout_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.kubelet as k
import rego.v1

cases := [
	{"name": "hardened kubeadm kubelet", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "zero", "expect": "fail", "input": k.patched({"streamingConnectionIdleTimeout": "0s"})},
	{"name": "zero in hours and minutes", "expect": "fail", "input": k.patched({"streamingConnectionIdleTimeout": "0h0m0s"})},
	{"name": "numeric zero", "expect": "fail", "input": k.patched({"streamingConnectionIdleTimeout": 0})},
	{"name": "ten minutes", "expect": "pass", "input": k.patched({"streamingConnectionIdleTimeout": "10m0s"})},
	{"name": "not reported: error", "expect": "error", "input": k.removed("streamingConnectionIdleTimeout")},
]

test_cases if harness.check_cases("k8s.kubelet.streaming_connection_idle_timeout", cases)
