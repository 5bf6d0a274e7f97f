package stance.rules.k8s.etcd.client_cert_auth_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("etcd")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-apiserver")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("etcd")},
	{"name": "flag absent: off by default", "expect": "fail", "input": cp.flag_unset("etcd", "client-cert-auth")},
	{"name": "turned off in the environment", "expect": "fail", "input": cp.pod_resource("etcd-cp1", "kube-system", cp.mirror_metadata("etcd"), {"containers": [{"name": "etcd", "command": cp.without(array.concat(["etcd"], cp.etcd_flags), "client-cert-auth"), "env": [{"name": "ETCD_CLIENT_CERT_AUTH", "value": "false"}]}]})},
]

test_cases if harness.check_cases("k8s.etcd.client_cert_auth", cases)
