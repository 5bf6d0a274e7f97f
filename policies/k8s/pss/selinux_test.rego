package stance.rules.k8s.pss.selinux_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "custom type on the pod", "expect": "fail", "input": f.pod({"securityContext": {"seLinuxOptions": {"type": "spc_t"}}, "containers": [f.c("a", {})]})},
	{"name": "user on a container", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"seLinuxOptions": {"user": "system_u"}})]})},
	{"name": "container_t with a level", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"seLinuxOptions": {"type": "container_t", "level": "s0:c123,c456"}})]})},
	{"name": "none", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"seLinuxOptions": {"user": "system_u"}})]})},
	{"name": "container_engine_t is allowed from v1.31", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"seLinuxOptions": {"type": "container_engine_t"}})]})},
	{"name": "container_engine_t is forbidden at v1.30", "expect": "fail", "input": f.at(f.pod({"containers": [f.c("a", {"seLinuxOptions": {"type": "container_engine_t"}})]}), "v1.30")},
	{"name": "user and role null are unset", "expect": "pass", "input": f.pod({"securityContext": {"seLinuxOptions": {"user": null, "role": null, "level": "s0:c1,c2"}}, "containers": [f.c("a", {})]})},
]

test_cases if harness.check_cases("k8s.pss.selinux", cases)
