package stance.rules.k8s.pss.proc_mount_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "Unmasked", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"procMount": "Unmasked"})]})},
	{"name": "Default", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"procMount": "Default"})]})},
	{"name": "unset", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"procMount": "Unmasked"})]})},
	{"name": "procMount null is unset", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"procMount": null})]})},
	{"name": "a user-namespaced pod may unmask /proc under baseline from v1.35", "expect": "not_applicable", "input": f.pod({"hostUsers": false, "containers": [f.c("a", {"procMount": "Unmasked"})]})},
	{"name": "a user-namespaced pod is checked at v1.34", "expect": "fail", "input": f.at(f.pod({"hostUsers": false, "containers": [f.c("a", {"procMount": "Unmasked"})]}), "v1.34")},
	{"name": "hostUsers true is not a user namespace", "expect": "fail", "input": f.pod({"hostUsers": true, "containers": [f.c("a", {"procMount": "Unmasked"})]})},
]

test_cases if harness.check_cases("k8s.pss.proc_mount", cases)
