package stance.rules.k8s.apiserver.authorization_rbac_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-apiserver")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-scheduler")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-apiserver")},
	{"name": "RBAC missing", "expect": "fail", "input": cp.flag_set("kube-apiserver", "authorization-mode", "Node")},
	{"name": "no authorization mode", "expect": "fail", "input": cp.flag_unset("kube-apiserver", "authorization-mode")},
	{"name": "modes split over repeated flags", "expect": "pass", "input": cp.static_pod("kube-apiserver", array.concat(["kube-apiserver", "--authorization-mode=Node", "--authorization-mode=RBAC"], cp.without(cp.apiserver_flags, "authorization-mode")))},
	{"name": "authorization-config with a contradicting flag", "expect": "fail", "input": cp.static_pod("kube-apiserver", array.concat(["kube-apiserver", "--authorization-config=/etc/kubernetes/authz.yaml", "--authorization-mode=Webhook"], cp.without(cp.apiserver_flags, "authorization-mode")))},
	{"name": "authorizers from a configuration file: error", "expect": "error", "input": cp.static_pod("kube-apiserver", array.concat(["kube-apiserver", "--authorization-config=/etc/kubernetes/authz.yaml"], cp.without(cp.apiserver_flags, "authorization-mode")))},
]

test_cases if harness.check_cases("k8s.apiserver.authorization_rbac", cases)
