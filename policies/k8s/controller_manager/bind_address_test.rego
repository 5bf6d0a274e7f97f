package stance.rules.k8s.controller_manager.bind_address_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-controller-manager")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-apiserver")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-controller-manager")},
	{"name": "flag absent: all interfaces", "expect": "fail", "input": cp.flag_unset("kube-controller-manager", "bind-address")},
	{"name": "node address", "expect": "fail", "input": cp.flag_set("kube-controller-manager", "bind-address", "10.0.0.10")},
	{"name": "IPv6 loopback", "expect": "pass", "input": cp.flag_set("kube-controller-manager", "bind-address", "::1")},
]

test_cases if harness.check_cases("k8s.controller_manager.bind_address", cases)
