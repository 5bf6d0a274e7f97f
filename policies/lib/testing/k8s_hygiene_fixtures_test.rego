# Test-only helpers for the workload hygiene, network, configuration and API version rules.
package stance.lib.testing.k8s_hygiene

import data.stance.lib.testing.k8s as f
import rego.v1

# A container that passes every hygiene rule: pinned image, resources, probes, read-only root.
good := {
	"name": "app",
	"image": "registry.example/app:1.4.2@sha256:0d5e5dbe4b6c5a6f2fbd5a6a8c2b6c4a0f7f3c1e2d9b8a7c6b5a4f3e2d1c0b9a",
	"imagePullPolicy": "IfNotPresent",
	"resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
	"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
	"readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
	"securityContext": {"readOnlyRootFilesystem": true, "runAsNonRoot": true, "allowPrivilegeEscalation": false},
}

# `good` with some fields replaced (or removed, with a null value).
container(changes) := object.remove(object.union(good, changes), [k | some k, v in changes; v == null])

pod_with(c) := f.pod({"serviceAccountName": "app", "containers": [c]})

deployment_with(c) := f.deployment({"serviceAccountName": "app", "containers": [c]})

# A case input with some resource fields changed (namespace, facts under config.stance, ...).
in_namespace(case_input, namespace) := object.union(case_input, {"resource": {"region": namespace, "config": {"metadata": {"namespace": namespace}}}})

with_facts(case_input, facts) := object.union(case_input, {"resource": {"config": {"stance": facts}}})

with_context(case_input, ctx) := object.union(case_input, {"context": ctx})

# Any namespaced object of a kind, with its body.
object_of(kind, api_version, body) := f.resource(kind, sprintf("k8s.%s", [lower(kind)]), object.union({"apiVersion": api_version, "kind": kind, "metadata": {"name": "app", "namespace": "shop"}}, body))

# A Pod and a Deployment with this pod spec (running as their own service account).
pod(spec) := f.pod(object.union({"serviceAccountName": "app"}, spec))

deployment(spec) := f.deployment(object.union({"serviceAccountName": "app"}, spec))

# The LimitRange join (config.stance.limitRange) of a namespace with these container defaults.
limit_range(requests, limits) := {"limitRange": {"collected": true, "defaultRequests": requests, "defaultLimits": limits}}

no_limit_range := limit_range([], [])

limit_range_unknown := {"limitRange": {"collected": false, "reason": "k8s/prod/LimitRange: list LimitRange: HTTP 403"}}

# `good` with exactly these resources (object.union would merge them into good's).
with_resources(r) := object.union(object.remove(good, ["resources"]), {"resources": r})
