package stance.rules.k8s.apiserver.authorization_always_allow_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-apiserver")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-scheduler")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-apiserver")},
	{"name": "AlwaysAllow among the modes", "expect": "fail", "input": cp.flag_set("kube-apiserver", "authorization-mode", "AlwaysAllow,RBAC")},
	{"name": "no authorization mode: AlwaysAllow by default", "expect": "fail", "input": cp.flag_unset("kube-apiserver", "authorization-mode")},
	{"name": "RBAC only", "expect": "pass", "input": cp.flag_set("kube-apiserver", "authorization-mode", "RBAC")},
	{"name": "authorizers from a configuration file: error", "expect": "error", "input": cp.static_pod("kube-apiserver", array.concat(["kube-apiserver", "--authorization-config=/etc/kubernetes/authz.yaml"], cp.without(cp.apiserver_flags, "authorization-mode")))},
]

test_cases if harness.check_cases("k8s.apiserver.authorization_always_allow", cases)
