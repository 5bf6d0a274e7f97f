package stance.rules.k8s.apiserver.etcd_ca_file_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-apiserver")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-scheduler")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-apiserver")},
	{"name": "not set", "expect": "fail", "input": cp.flag_unset("kube-apiserver", "etcd-cafile")},
]

test_cases if harness.check_cases("k8s.apiserver.etcd_ca_file", cases)
