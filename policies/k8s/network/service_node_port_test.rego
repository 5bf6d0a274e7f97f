package stance.rules.k8s.network.service_node_port_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

service(spec) := h.object_of("Service", "v1", {"spec": spec})

cases := [
	{"name": "NodePort", "expect": "fail", "input": service({"type": "NodePort", "ports": [{"port": 80, "nodePort": 30080}]})},
	{"name": "ClusterIP", "expect": "pass", "input": service({"type": "ClusterIP", "ports": [{"port": 80}]})},
	{"name": "type unset (ClusterIP)", "expect": "pass", "input": service({"ports": [{"port": 80}]})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(service({"type": "NodePort"}), "kube-system")},
	{"name": "not a Service", "expect": "not_applicable", "input": f.pod({"containers": []})},
]

test_cases if harness.check_cases("k8s.network.service_node_port", cases)
