package stance.rules.k8s.apiserver.anonymous_auth_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-apiserver")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-scheduler")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-apiserver")},
	{"name": "flag absent: true by default", "expect": "fail", "input": cp.flag_unset("kube-apiserver", "anonymous-auth")},
	{"name": "explicitly true", "expect": "fail", "input": cp.flag_set("kube-apiserver", "anonymous-auth", "true")},
	{"name": "anonymous access in an authentication configuration file: error", "expect": "error", "input": cp.static_pod("kube-apiserver", array.concat(["kube-apiserver", "--authentication-config=/etc/kubernetes/authn.yaml"], cp.without(cp.apiserver_flags, "anonymous-auth")))},
]

test_cases if harness.check_cases("k8s.apiserver.anonymous_auth", cases)
