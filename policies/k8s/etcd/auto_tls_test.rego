package stance.rules.k8s.etcd.auto_tls_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("etcd")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-apiserver")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("etcd")},
	{"name": "auto TLS on", "expect": "fail", "input": cp.flags_extra("etcd", ["--auto-tls=true"])},
	{"name": "bare --auto-tls", "expect": "fail", "input": cp.flags_extra("etcd", ["--auto-tls"])},
	{"name": "explicitly off", "expect": "pass", "input": cp.flags_extra("etcd", ["--auto-tls=false"])},
]

test_cases if harness.check_cases("k8s.etcd.auto_tls", cases)
