package stance.rules.k8s.pss.seccomp_unconfined_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "pod Unconfined", "expect": "fail", "input": f.pod({"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": [f.c("a", {})]})},
	{"name": "init container Unconfined", "expect": "fail", "input": f.pod({"initContainers": [f.c("i", {"seccompProfile": {"type": "Unconfined"}})], "containers": [f.c("a", {})]})},
	{"name": "RuntimeDefault", "expect": "pass", "input": f.pod({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [f.c("a", {})]})},
	{"name": "unset is allowed by baseline", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"seccompProfile": {"type": "Unconfined"}})]})},
	{"name": "before v1.19 the pod annotation decides", "expect": "fail", "input": f.at(object.union(f.pod({"containers": [f.c("a", {})]}), {"resource": {"config": {"metadata": {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}}}}}), "v1.18")},
	{"name": "before v1.19 a container annotation decides", "expect": "fail", "input": f.at(object.union(f.pod({"containers": [f.c("a", {})]}), {"resource": {"config": {"metadata": {"annotations": {"container.seccomp.security.alpha.kubernetes.io/a": "unconfined"}}}}}), "v1.18")},
	{"name": "before v1.19 runtime/default is allowed", "expect": "pass", "input": f.at(object.union(f.pod({"containers": [f.c("a", {})]}), {"resource": {"config": {"metadata": {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}}}}}), "v1.18")},
]

test_cases if harness.check_cases("k8s.pss.seccomp_unconfined", cases)
