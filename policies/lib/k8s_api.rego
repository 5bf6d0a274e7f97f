# METADATA
# title: Kubernetes API versions
# description: >-
#   Which apiVersion of which kind Kubernetes deprecated and stopped serving, and the version to
#   move to, from the Kubernetes deprecated API migration guide (removals) and the release notes
#   (deprecations); and the Kubernetes version the rules check against.
package stance.lib.k8s_api

import rego.v1

# The newest Kubernetes minor version these rules know. "latest" (a manifest scan without
# --kube-version) is checked as this version; a newer target is checked with the removals known.
latest_minor := 35

# "<apiVersion> <kind>" → the minor version that deprecated it, the one that stopped serving it
# (null: deprecated, still served) and what replaces it ("" when nothing does).
apis := {
	"extensions/v1beta1 Deployment": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"apps/v1beta1 Deployment": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"apps/v1beta2 Deployment": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"apps/v1beta1 StatefulSet": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"apps/v1beta2 StatefulSet": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"extensions/v1beta1 DaemonSet": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"apps/v1beta2 DaemonSet": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"extensions/v1beta1 ReplicaSet": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"apps/v1beta1 ReplicaSet": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"apps/v1beta2 ReplicaSet": {"deprecated": 9, "removed": 16, "replacement": "apps/v1"},
	"extensions/v1beta1 NetworkPolicy": {"deprecated": 9, "removed": 16, "replacement": "networking.k8s.io/v1"},
	"extensions/v1beta1 PodSecurityPolicy": {"deprecated": 10, "removed": 16, "replacement": "policy/v1beta1"},
	"admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration": {"deprecated": 16, "removed": 22, "replacement": "admissionregistration.k8s.io/v1"},
	"admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration": {"deprecated": 16, "removed": 22, "replacement": "admissionregistration.k8s.io/v1"},
	"apiextensions.k8s.io/v1beta1 CustomResourceDefinition": {"deprecated": 16, "removed": 22, "replacement": "apiextensions.k8s.io/v1"},
	"apiregistration.k8s.io/v1beta1 APIService": {"deprecated": 19, "removed": 22, "replacement": "apiregistration.k8s.io/v1"},
	"authentication.k8s.io/v1beta1 TokenReview": {"deprecated": 19, "removed": 22, "replacement": "authentication.k8s.io/v1"},
	"authorization.k8s.io/v1beta1 SubjectAccessReview": {"deprecated": 19, "removed": 22, "replacement": "authorization.k8s.io/v1"},
	"authorization.k8s.io/v1beta1 LocalSubjectAccessReview": {"deprecated": 19, "removed": 22, "replacement": "authorization.k8s.io/v1"},
	"authorization.k8s.io/v1beta1 SelfSubjectAccessReview": {"deprecated": 19, "removed": 22, "replacement": "authorization.k8s.io/v1"},
	"certificates.k8s.io/v1beta1 CertificateSigningRequest": {"deprecated": 19, "removed": 22, "replacement": "certificates.k8s.io/v1"},
	"coordination.k8s.io/v1beta1 Lease": {"deprecated": 19, "removed": 22, "replacement": "coordination.k8s.io/v1"},
	"extensions/v1beta1 Ingress": {"deprecated": 14, "removed": 22, "replacement": "networking.k8s.io/v1"},
	"networking.k8s.io/v1beta1 Ingress": {"deprecated": 19, "removed": 22, "replacement": "networking.k8s.io/v1"},
	"networking.k8s.io/v1beta1 IngressClass": {"deprecated": 19, "removed": 22, "replacement": "networking.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1 ClusterRole": {"deprecated": 17, "removed": 22, "replacement": "rbac.authorization.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding": {"deprecated": 17, "removed": 22, "replacement": "rbac.authorization.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1 Role": {"deprecated": 17, "removed": 22, "replacement": "rbac.authorization.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1 RoleBinding": {"deprecated": 17, "removed": 22, "replacement": "rbac.authorization.k8s.io/v1"},
	"scheduling.k8s.io/v1beta1 PriorityClass": {"deprecated": 14, "removed": 22, "replacement": "scheduling.k8s.io/v1"},
	"storage.k8s.io/v1beta1 CSIDriver": {"deprecated": 19, "removed": 22, "replacement": "storage.k8s.io/v1"},
	"storage.k8s.io/v1beta1 CSINode": {"deprecated": 17, "removed": 22, "replacement": "storage.k8s.io/v1"},
	"storage.k8s.io/v1beta1 StorageClass": {"deprecated": 19, "removed": 22, "replacement": "storage.k8s.io/v1"},
	"storage.k8s.io/v1beta1 VolumeAttachment": {"deprecated": 19, "removed": 22, "replacement": "storage.k8s.io/v1"},
	"batch/v1beta1 CronJob": {"deprecated": 21, "removed": 25, "replacement": "batch/v1"},
	"discovery.k8s.io/v1beta1 EndpointSlice": {"deprecated": 21, "removed": 25, "replacement": "discovery.k8s.io/v1"},
	"events.k8s.io/v1beta1 Event": {"deprecated": 19, "removed": 25, "replacement": "events.k8s.io/v1"},
	"autoscaling/v2beta1 HorizontalPodAutoscaler": {"deprecated": 22, "removed": 25, "replacement": "autoscaling/v2"},
	"policy/v1beta1 PodDisruptionBudget": {"deprecated": 21, "removed": 25, "replacement": "policy/v1"},
	"policy/v1beta1 PodSecurityPolicy": {"deprecated": 21, "removed": 25, "replacement": ""},
	"node.k8s.io/v1beta1 RuntimeClass": {"deprecated": 20, "removed": 25, "replacement": "node.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema": {"deprecated": 23, "removed": 26, "replacement": "flowcontrol.apiserver.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration": {"deprecated": 23, "removed": 26, "replacement": "flowcontrol.apiserver.k8s.io/v1"},
	"autoscaling/v2beta2 HorizontalPodAutoscaler": {"deprecated": 23, "removed": 26, "replacement": "autoscaling/v2"},
	"storage.k8s.io/v1beta1 CSIStorageCapacity": {"deprecated": 24, "removed": 27, "replacement": "storage.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema": {"deprecated": 26, "removed": 29, "replacement": "flowcontrol.apiserver.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration": {"deprecated": 26, "removed": 29, "replacement": "flowcontrol.apiserver.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema": {"deprecated": 29, "removed": 32, "replacement": "flowcontrol.apiserver.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration": {"deprecated": 29, "removed": 32, "replacement": "flowcontrol.apiserver.k8s.io/v1"},
	"v1 Endpoints": {"deprecated": 33, "removed": null, "replacement": "discovery.k8s.io/v1 EndpointSlice"},
}

# input.context.kube_version: "latest", or "v1.<minor>" from the live cluster's /version or
# --kube-version (src/scan/kube-version.ts).
requested := object.get(input, ["context", "kube_version"], "latest")

valid_version(v) if regex.match(`^v1\.(0|[1-9][0-9]*)$`, v)

target_minor := latest_minor if requested == "latest"

target_minor := to_number(substring(requested, 3, -1)) if valid_version(requested)

unknown contains msg if {
	requested != "latest"
	not valid_version(requested)
	msg := sprintf("target Kubernetes version %v is neither \"latest\" nor v1.<minor>: which APIs it serves is not known", [requested])
}

target_label := sprintf("latest known, v1.%d", [latest_minor]) if requested == "latest"

target_label := requested if valid_version(requested)

# The apiVersions an object is known by: its own (a manifest) and the one it was last applied with
# (kept by the sanitiser from kubectl's last-applied-configuration before dropping it: a live
# cluster serves every object at the version the collector asks for).
used contains [v, "uses"] if {
	v := input.resource.config.apiVersion
	is_string(v)
}

used contains [v, "was last applied with"] if {
	v := input.resource.config.stance.appliedApiVersion
	is_string(v)
	v != input.resource.config.apiVersion
}

# Each [apiVersion, how, entry] of the object found in the table.
listed contains [v, how, entry] if {
	some [v, how] in used
	entry := apis[sprintf("%s %s", [v, input.resource.config.kind])]
}

replacement(entry) := sprintf("use %s", [entry.replacement]) if entry.replacement != ""

replacement(entry) := "no replacement: remove it (Pod Security Admission replaces PodSecurityPolicy)" if entry.replacement == ""
