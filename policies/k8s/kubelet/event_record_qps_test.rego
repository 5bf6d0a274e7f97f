package stance.rules.k8s.kubelet.event_record_qps_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.kubelet as k
import rego.v1

cases := [
	{"name": "the default, 50", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "0: no cap", "expect": "pass", "input": k.patched({"eventRecordQPS": 0})},
	{"name": "above the default", "expect": "pass", "input": k.patched({"eventRecordQPS": 100})},
	{"name": "5, the old flag default", "expect": "fail", "input": k.patched({"eventRecordQPS": 5})},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "field not reported: error", "expect": "error", "input": k.removed("eventRecordQPS")},
]

test_cases if harness.check_cases("k8s.kubelet.event_record_qps", cases)
