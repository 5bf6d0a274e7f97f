package stance.rules.k8s.pss.restricted_proc_mount_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.restricted_proc_mount as rule
import rego.v1

cases := [
	{"name": "Unmasked", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"procMount": "Unmasked"})]})},
	{"name": "Unmasked in a user namespace is still forbidden", "expect": "fail", "input": f.pod({"hostUsers": false, "containers": [f.c("a", {"procMount": "Unmasked"})]})},
	{"name": "Unmasked on an init container at v1.30", "expect": "fail", "input": f.at(f.pod({"initContainers": [f.c("i", {"procMount": "Unmasked"})], "containers": [f.c("a", {})]}), "v1.30")},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"procMount": "Unmasked"})]})},
	{"name": "Default", "expect": "pass", "input": f.deployment({"hostUsers": false, "containers": [f.c("a", {"procMount": "Default"})]})},
	{"name": "null is unset", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"procMount": null})]})},
	{"name": "unset", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "controller-owned pod is reported on its controller", "expect": "not_applicable", "input": f.owned_pod({"containers": [f.c("a", {"procMount": "Unmasked"})]})},
]

test_cases if harness.check_cases("k8s.pss.restricted_proc_mount", cases)

test_message if {
	some finding in rule.deny with input as f.pod({"containers": [f.nameless({"procMount": "Unmasked"})]})
	finding.msg == concat("", ["container containers[0] sets procMount: Unmasked", f.restricted_suffix])
}
