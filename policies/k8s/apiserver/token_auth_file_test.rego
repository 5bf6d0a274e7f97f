package stance.rules.k8s.apiserver.token_auth_file_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-apiserver")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-scheduler")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-apiserver")},
	{"name": "token file configured", "expect": "fail", "input": cp.flags_extra("kube-apiserver", ["--token-auth-file=/etc/kubernetes/tokens.csv"])},
	{"name": "token file given as a separate word", "expect": "fail", "input": cp.flags_extra("kube-apiserver", ["--token-auth-file", "/etc/kubernetes/tokens.csv"])},
	{"name": "flags in args with the image entrypoint", "expect": "fail", "input": cp.static_pod_args("kube-apiserver", ["--token-auth-file=/srv/tokens.csv"])},
]

test_cases if harness.check_cases("k8s.apiserver.token_auth_file", cases)
