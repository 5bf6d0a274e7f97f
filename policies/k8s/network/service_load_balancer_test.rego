package stance.rules.k8s.network.service_load_balancer_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

lb(spec, annotations) := h.object_of("Service", "v1", {"metadata": {"annotations": annotations}, "spec": object.union({"type": "LoadBalancer", "ports": [{"port": 443}]}, spec)})

cases := [
	{"name": "no source ranges", "expect": "fail", "input": lb({}, {})},
	{"name": "restricted source ranges", "expect": "pass", "input": lb({"loadBalancerSourceRanges": ["203.0.113.0/24"]}, {})},
	{"name": "0.0.0.0/0 among the ranges", "expect": "fail", "input": lb({"loadBalancerSourceRanges": ["10.0.0.0/8", "0.0.0.0/0"]}, {})},
	{"name": "the legacy source-ranges annotation", "expect": "pass", "input": lb({}, {"service.beta.kubernetes.io/load-balancer-source-ranges": "203.0.113.0/24, 198.51.100.0/24"})},
	{"name": "AWS internal", "expect": "pass", "input": lb({}, {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"})},
	{"name": "AWS legacy internal annotation", "expect": "pass", "input": lb({}, {"service.beta.kubernetes.io/aws-load-balancer-internal": "true"})},
	{"name": "GKE internal", "expect": "pass", "input": lb({}, {"networking.gke.io/load-balancer-type": "Internal"})},
	{"name": "Azure internal", "expect": "pass", "input": lb({}, {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"})},
	{"name": "ClusterIP", "expect": "not_applicable", "input": h.object_of("Service", "v1", {"spec": {"type": "ClusterIP"}})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(lb({}, {}), "kube-system")},
]

test_cases if harness.check_cases("k8s.network.service_load_balancer", cases)
