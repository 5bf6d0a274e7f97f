package stance.rules.k8s.network.service_external_ips_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

service(spec) := h.object_of("Service", "v1", {"spec": spec})

cases := [
	{"name": "externalIPs", "expect": "fail", "input": service({"ports": [{"port": 80}], "externalIPs": ["198.51.100.7"]})},
	{"name": "none", "expect": "pass", "input": service({"ports": [{"port": 80}]})},
	{"name": "an empty list", "expect": "pass", "input": service({"externalIPs": []})},
	{"name": "kube-system is checked too", "expect": "fail", "input": h.in_namespace(service({"externalIPs": ["198.51.100.7"]}), "kube-system")},
	{"name": "not a Service", "expect": "not_applicable", "input": f.pod({"containers": []})},
]

test_cases if harness.check_cases("k8s.network.service_external_ips", cases)
