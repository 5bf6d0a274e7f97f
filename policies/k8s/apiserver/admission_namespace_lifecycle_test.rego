package stance.rules.k8s.apiserver.admission_namespace_lifecycle_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-apiserver")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-scheduler")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-apiserver")},
	{"name": "NamespaceLifecycle disabled", "expect": "fail", "input": cp.flags_extra("kube-apiserver", ["--disable-admission-plugins=DefaultStorageClass,NamespaceLifecycle"])},
	{"name": "other plugins disabled", "expect": "pass", "input": cp.flags_extra("kube-apiserver", ["--disable-admission-plugins=DefaultStorageClass"])},
]

test_cases if harness.check_cases("k8s.apiserver.admission_namespace_lifecycle", cases)
