package stance.rules.k8s.controller_manager.rotate_kubelet_server_certificate_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-controller-manager")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-apiserver")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-controller-manager")},
	{"name": "gate turned off", "expect": "fail", "input": cp.flag_set("kube-controller-manager", "feature-gates", "RotateKubeletServerCertificate=false")},
	{"name": "turned off after another gate", "expect": "fail", "input": cp.flags_extra("kube-controller-manager", ["--feature-gates=SomeGate=true, RotateKubeletServerCertificate=false"])},
	{"name": "no feature gates: on by default", "expect": "pass", "input": cp.flag_unset("kube-controller-manager", "feature-gates")},
	{"name": "turned off then on again", "expect": "pass", "input": cp.flags_extra("kube-controller-manager", ["--feature-gates=RotateKubeletServerCertificate=false", "--feature-gates=RotateKubeletServerCertificate=true"])},
]

test_cases if harness.check_cases("k8s.controller_manager.rotate_kubelet_server_certificate", cases)
