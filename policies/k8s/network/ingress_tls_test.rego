package stance.rules.k8s.network.ingress_tls_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

rule(host) := {"host": host, "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}

ingress(spec) := h.object_of("Ingress", "networking.k8s.io/v1", {"spec": spec})

cases := [
	{"name": "no tls", "expect": "fail", "input": ingress({"rules": [rule("shop.example.com")]})},
	{"name": "tls for the host", "expect": "pass", "input": ingress({"tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}], "rules": [rule("shop.example.com")]})},
	{"name": "a second host without tls", "expect": "fail", "input": ingress({"tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}], "rules": [rule("shop.example.com"), rule("admin.example.com")]})},
	{"name": "a wildcard certificate", "expect": "pass", "input": ingress({"tls": [{"hosts": ["*.example.com"], "secretName": "wild"}], "rules": [rule("shop.example.com"), rule("admin.example.com")]})},
	{"name": "a wildcard covers one label only", "expect": "fail", "input": ingress({"tls": [{"hosts": ["*.example.com"], "secretName": "wild"}], "rules": [rule("a.b.example.com")]})},
	{"name": "a tls entry without hosts covers all", "expect": "pass", "input": ingress({"tls": [{"secretName": "default-cert"}], "rules": [rule("shop.example.com")]})},
	{"name": "a default backend without tls", "expect": "fail", "input": ingress({"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(ingress({"rules": [rule("x.example.com")]}), "kube-system")},
	{"name": "not an Ingress", "expect": "not_applicable", "input": f.service},
]

test_cases if harness.check_cases("k8s.network.ingress_tls", cases)
