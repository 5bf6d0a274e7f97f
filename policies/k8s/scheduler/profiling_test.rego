package stance.rules.k8s.scheduler.profiling_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-scheduler")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-controller-manager")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-scheduler")},
	{"name": "profiling flag absent: enabled by default", "expect": "fail", "input": cp.flag_unset("kube-scheduler", "profiling")},
	{"name": "profiling on", "expect": "fail", "input": cp.flag_set("kube-scheduler", "profiling", "true")},
	{"name": "bare --profiling", "expect": "fail", "input": cp.flags_extra("kube-scheduler", ["--profiling"])},
	{"name": "repeated: the last setting wins", "expect": "pass", "input": cp.flags_only("kube-scheduler", ["--profiling=true", "--profiling=false"])},
	{"name": "written False", "expect": "pass", "input": cp.flag_set("kube-scheduler", "profiling", "False")},
]

test_cases if harness.check_cases("k8s.scheduler.profiling", cases)
