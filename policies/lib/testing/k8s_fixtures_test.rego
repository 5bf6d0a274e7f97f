# Test-only helpers shared by the Kubernetes rule tests: build Pods and workloads in the API's shape.
package stance.lib.testing.k8s

import rego.v1

ctx := {"now_ns": 1763900000000000000, "provider": "k8s", "account": "prod", "region": "shop"}

resource(kind, type, config) := {
	"resource": {
		"id": sprintf("k8s://prod/shop/%s/app", [kind]),
		"type": type,
		"provider": "k8s",
		"account": "prod",
		"region": "shop",
		"name": "app",
		"tags": {},
		"config": config,
	},
	"context": ctx,
}

pod(spec) := resource("Pod", "k8s.pod", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app", "namespace": "shop"}, "spec": spec})

owned_pod(spec) := resource("Pod", "k8s.pod", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app", "namespace": "shop", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "app-6d4cf56db6", "controller": true}]}, "spec": spec})

# A mirror Pod of a static Pod: owned by its Node, which has no template to check instead.
mirror_pod(spec) := resource("Pod", "k8s.pod", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "kube-apiserver-cp-1", "namespace": "kube-system", "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": "cp-1", "controller": true}]}, "spec": spec})

deployment(spec) := resource("Deployment", "k8s.deployment", {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app", "namespace": "shop"}, "spec": {"replicas": 2, "template": {"metadata": {"labels": {"app": "app"}}, "spec": spec}}})

cronjob(spec) := resource("CronJob", "k8s.cronjob", {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "app", "namespace": "shop"}, "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": spec}}}}})

service := resource("Service", "k8s.pod", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "app"}, "spec": {"ports": [{"port": 80}]}})

c(name, security_context) := {"name": name, "image": "registry.example/app:1.0", "securityContext": security_context}

# A container that meets the restricted profile.
restricted_sc := {"allowPrivilegeEscalation": false, "runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}

role(kind, name, rules) := resource(kind, sprintf("k8s.%s", [lower(kind)]), {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": name}, "rules": rules})

binding(kind, name, role_name, subjects) := resource(kind, sprintf("k8s.%s", [lower(kind)]), {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": name}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role_name}, "subjects": subjects})

service_account(name, automount) := resource("ServiceAccount", "k8s.serviceaccount", object.union({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": "shop"}}, automount))

# A binding of roleRef (kind, name) carrying the role join of src/enrich/k8s.ts (`config.stance.role`).
joined_binding(kind, name, ref_kind, ref_name, subjects, role) := object.union(binding(kind, name, ref_name, subjects), {"resource": {"config": {"roleRef": {"kind": ref_kind}, "stance": {"role": role}}}})

# The join of a collected role with these rules.
role_rules(kind, name, rules) := {"collected": true, "exists": true, "kind": kind, "name": name, "rules": rules}

wildcard_rule := {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}

# A container without a name (the field is optional in a manifest): rules name it by its place.
nameless(security_context) := {"image": "registry.example/app:1.0", "securityContext": security_context}

# A case evaluated at a pinned Pod Security Standards version (input.context.pss_version).
at(case_input, version) := object.union(case_input, {"context": {"pss_version": version}})

# The suffix of PSS messages at the latest version.
latest_suffix := " (Pod Security Standards baseline, latest = v1.35)"

restricted_suffix := " (Pod Security Standards restricted, latest = v1.35)"
