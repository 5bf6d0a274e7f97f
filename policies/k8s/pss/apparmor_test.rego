package stance.rules.k8s.pss.apparmor_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "field form, container Unconfined", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"appArmorProfile": {"type": "Unconfined"}})]})},
	{"name": "field form, pod Unconfined", "expect": "fail", "input": f.pod({"securityContext": {"appArmorProfile": {"type": "Unconfined"}}, "containers": [f.c("a", {})]})},
	{"name": "annotation form, unconfined", "expect": "fail", "input": object.union(f.pod({"containers": [f.c("a", {})]}), {"resource": {"config": {"metadata": {"name": "app", "annotations": {"container.apparmor.security.beta.kubernetes.io/a": "unconfined"}}}}})},
	{"name": "annotation form on a Deployment template", "expect": "fail", "input": object.union(f.deployment({"containers": [f.c("a", {})]}), {"resource": {"config": {"spec": {"template": {"metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/a": "unconfined"}}}}}}})},
	{"name": "annotation runtime/default", "expect": "pass", "input": object.union(f.pod({"containers": [f.c("a", {})]}), {"resource": {"config": {"metadata": {"name": "app", "annotations": {"container.apparmor.security.beta.kubernetes.io/a": "runtime/default"}}}}})},
	{"name": "annotation localhost profile", "expect": "pass", "input": object.union(f.cronjob({"containers": [f.c("a", {})]}), {"resource": {"config": {"spec": {"jobTemplate": {"spec": {"template": {"metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/a": "localhost/k8s-nginx"}}}}}}}}})},
	{"name": "field RuntimeDefault", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"appArmorProfile": {"type": "RuntimeDefault"}})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.c("a", {}), f.nameless({"appArmorProfile": {"type": "Unconfined"}})]})},
	{"name": "annotation with an empty value", "expect": "pass", "input": object.union(f.pod({"containers": [f.c("a", {})]}), {"resource": {"config": {"metadata": {"name": "app", "annotations": {"container.apparmor.security.beta.kubernetes.io/a": ""}}}}})},
	{"name": "field Localhost", "expect": "pass", "input": f.pod({"securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-nginx"}}, "containers": [f.c("a", {})]})},
]

test_cases if harness.check_cases("k8s.pss.apparmor", cases)
