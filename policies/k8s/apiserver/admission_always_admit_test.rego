package stance.rules.k8s.apiserver.admission_always_admit_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-apiserver")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-scheduler")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-apiserver")},
	{"name": "AlwaysAdmit enabled", "expect": "fail", "input": cp.flag_set("kube-apiserver", "enable-admission-plugins", "NodeRestriction,AlwaysAdmit")},
	{"name": "no plugins flag at all", "expect": "pass", "input": cp.flag_unset("kube-apiserver", "enable-admission-plugins")},
]

test_cases if harness.check_cases("k8s.apiserver.admission_always_admit", cases)
