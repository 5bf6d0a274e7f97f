# METADATA
# title: Kubernetes helpers
# description: Pod specs and containers of Pods and of every workload's pod template.
package stance.lib.k8s

import rego.v1

template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

# The pod spec a Kubernetes object runs: a Pod's own spec, a workload's template, a CronJob's job template.
pod_spec(obj) := obj.spec if obj.kind == "Pod"

pod_spec(obj) := obj.spec.template.spec if obj.kind in template_kinds

pod_spec(obj) := obj.spec.jobTemplate.spec.template.spec if obj.kind == "CronJob"

container_fields := {"containers": "container", "initContainers": "init container", "ephemeralContainers": "ephemeral container"}

# Every container of the pod spec, with the kind of container it is, its place in the spec
# ("initContainers[0]") and how messages name it (`ref`) and tell it apart (`id`). `name` is
# optional in a manifest, so neither depends on it: a container without one is named by its place.
all_containers(obj) := [{"kind": label, "container": c, "path": path, "ref": container_ref(label, path, c), "id": container_id(path, c)} |
	spec := pod_spec(obj)
	some field, label in container_fields
	some i, c in object.get(spec, field, [])
	path := sprintf("%s[%d]", [field, i])
]

named(c) if {
	is_string(c.name)
	c.name != ""
}

container_ref(label, _, c) := sprintf("%s \"%s\"", [label, c.name]) if named(c)

container_ref(label, path, c) := sprintf("%s %s", [label, path]) if not named(c)

container_id(_, c) := c.name if named(c)

container_id(path, c) := path if not named(c)

# A pod-spec item that has a name field (volume, sysctl), as messages name it: by name, else by place.
item_ref(kind, _, _, item) := sprintf("%s \"%s\"", [kind, item.name]) if named(item)

item_ref(kind, field, i, item) := sprintf("%s %s[%d]", [kind, field, i]) if not named(item)

# A Pod created by a controller whose template Stance collects (ReplicaSet for Deployments,
# StatefulSet, DaemonSet, Job for CronJobs, ReplicationController): its template is checked on the
# controller, so the Pod itself is not reported again. Pods of other owners (mirror Pods of static
# control-plane Pods, owned by their Node; custom controllers) are checked themselves.
template_owner_kinds := {"ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController"}

owned_pod(obj) if {
	obj.kind == "Pod"
	some ref in object.get(obj.metadata, "ownerReferences", [])
	ref.controller == true
	ref.kind in template_owner_kinds
}

# Rules on pod specs apply to objects that have one and are not controller-owned Pods.
pod_rule_applies(obj) if {
	pod_spec(obj)
	not owned_pod(obj)
}

# The metadata of the pod a Kubernetes object runs (a Pod's own, a workload's template's), for
# annotations that act on the pod's containers (or an empty object).
pod_metadata(obj) := object_or_empty(object.get(obj, "metadata", {})) if obj.kind == "Pod"

pod_metadata(obj) := object_or_empty(object.get(obj.spec.template, "metadata", {})) if obj.kind in template_kinds

pod_metadata(obj) := object_or_empty(object.get(obj.spec.jobTemplate.spec.template, "metadata", {})) if obj.kind == "CronJob"

object_or_empty(x) := x if is_object(x)

object_or_empty(x) := {} if not is_object(x)

# The pod-level securityContext (or an empty object; also when it is null).
pod_security_context(obj) := object_or_empty(object.get(pod_spec(obj), "securityContext", {}))

# A container's securityContext (or an empty object; also when it is null).
security_context(container) := object_or_empty(object.get(container, "securityContext", {}))

# A field's value when it is set: present and not null (the API treats null as unset).
set_value(o, field) := o[field] if o[field] != null

# A container's effective value of a securityContext field: its own, else the pod's, else default.
effective(_, container, field, _) := container.securityContext[field]

effective(obj, container, field, _) := pod_security_context(obj)[field] if not has_field(object.get(container, "securityContext", {}), field)

effective(obj, container, field, default_value) := default_value if {
	not has_field(object.get(container, "securityContext", {}), field)
	not has_field(pod_security_context(obj), field)
}

has_field(o, field) if _ = o[field]

# Containers that run the workload itself: regular and init containers. Ephemeral (debug)
# containers are added to a running Pod by hand and may not set resources, ports or probes, so the
# workload hygiene rules leave them out.
workload_containers(obj) := [entry |
	some entry in all_containers(obj)
	entry.kind != "ephemeral container"
]

# Containers that keep running for the Pod's lifetime: regular containers and sidecars (init
# containers with restartPolicy: Always). Only they can have liveness and readiness probes.
long_running_containers(obj) := [entry |
	some entry in all_containers(obj)
	long_running_container(entry)
]

long_running_container(entry) if entry.kind == "container"

long_running_container(entry) if {
	entry.kind == "init container"
	entry.container.restartPolicy == "Always"
}

# Kinds whose Pods are meant to run until replaced (a Pod counts when its restartPolicy is Always,
# the default); Jobs and CronJobs run to completion.
service_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"}

long_running_workload(obj) if obj.kind in service_kinds

long_running_workload(obj) if {
	obj.kind == "Pod"
	object.get(obj.spec, "restartPolicy", "Always") == "Always"
}

# spec.os.name: windows. Linux-only settings (runAsGroup, fsGroup, readOnlyRootFilesystem) do not
# apply to such pods.
windows_pod(obj) if pod_spec(obj).os.name == "windows"

# Namespaces whose workloads belong to the cluster itself (its provider or operator): the workload
# hygiene rules skip them. `input.context.system_namespaces` carries the configured list
# (stance.yaml kubernetes.systemNamespaces or --system-namespaces); this is its default.
default_system_namespaces := ["kube-system", "kube-public", "kube-node-lease"]

system_namespaces := object.get(input, ["context", "system_namespaces"], default_system_namespaces)

in_system_namespace if input.resource.region in system_namespaces

# An image reference pinned to content: "<name>@<algorithm>:<hex digest>" (a tag may precede it).
digest_pinned(image) if regex.match(`@[a-z0-9]+([+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$`, image)

# The tag of an image reference, when it has one: after the last ":" of its last path segment (a
# registry's ":port" is in an earlier segment), before any "@digest".
image_tag(image) := tag if {
	name := split(image, "@")[0]
	segments := split(name, "/")
	last := segments[count(segments) - 1]
	contains(last, ":")
	tag := substring(last, indexof(last, ":") + 1, -1)
}

# The container runtime pulls "latest" when a reference has neither tag nor digest.
latest_tag(image) if not image_tag(image)

latest_tag(image) if image_tag(image) == "latest"

# Containers with an image reference (a manifest may leave it to a later tool): what image rules read.
imaged_containers(obj) := [entry |
	some entry in workload_containers(obj)
	is_string(entry.container.image)
	entry.container.image != ""
]

# Rules on workload hygiene apply to objects with a pod spec that are not controller-owned Pods,
# outside the system namespaces.
hygiene_applies(obj) if {
	pod_rule_applies(obj)
	not in_system_namespace
}
