package stance.rules.k8s.workloads.read_only_root_filesystem_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

writable := object.union(object.remove(h.good, ["securityContext"]), {"securityContext": {"runAsNonRoot": true}})

cases := [
	{"name": "read-only", "expect": "pass", "input": h.deployment_with(h.good)},
	{"name": "not set", "expect": "fail", "input": h.deployment_with(writable)},
	{"name": "set to false", "expect": "fail", "input": h.pod_with(h.container({"securityContext": {"readOnlyRootFilesystem": false}}))},
	{"name": "no securityContext at all", "expect": "fail", "input": h.pod_with(object.remove(h.good, ["securityContext"]))},
	{"name": "a writable init container", "expect": "fail", "input": h.pod({"containers": [h.good], "initContainers": [object.union(writable, {"name": "init"})]})},
	{"name": "Windows pod", "expect": "not_applicable", "input": h.pod({"os": {"name": "windows"}, "containers": [writable]})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.pod_with(writable), "kube-system")},
]

test_cases if harness.check_cases("k8s.workloads.read_only_root_filesystem", cases)
