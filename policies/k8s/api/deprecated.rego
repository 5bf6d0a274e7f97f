# METADATA
# title: Object uses an API version deprecated in the target Kubernetes version
# description: >-
#   A deprecated apiVersion still works but will stop being served in a later release (the
#   Kubernetes deprecated API migration guide names when): moving now avoids a failed upgrade.
#   Versions the target no longer serves at all are reported by k8s-api-version-removed instead.
#   The target version is the live cluster's (GET /version), --kube-version (or a daemon target's
#   kubeVersion), else the newest version the rules know. On a live cluster the apiVersion the
#   object was last applied with (kubectl's last-applied-configuration) is checked. Messages name
#   the target version.
# custom:
#   id: k8s-api-version-deprecated
#   severity: low
#   resource_types: [k8s.apiservice, k8s.certificatesigningrequest, k8s.clusterrole, k8s.clusterrolebinding, k8s.cronjob, k8s.csidriver, k8s.csinode, k8s.csistoragecapacity, k8s.customresourcedefinition, k8s.daemonset, k8s.deployment, k8s.endpoints, k8s.endpointslice, k8s.event, k8s.flowschema, k8s.horizontalpodautoscaler, k8s.ingress, k8s.ingressclass, k8s.lease, k8s.localsubjectaccessreview, k8s.mutatingwebhookconfiguration, k8s.networkpolicy, k8s.poddisruptionbudget, k8s.podsecuritypolicy, k8s.priorityclass, k8s.prioritylevelconfiguration, k8s.replicaset, k8s.role, k8s.rolebinding, k8s.runtimeclass, k8s.selfsubjectaccessreview, k8s.statefulset, k8s.storageclass, k8s.subjectaccessreview, k8s.tokenreview, k8s.validatingwebhookconfiguration, k8s.volumeattachment]
#   remediation: |-
#     Change the manifest's apiVersion to the replacement named in the finding, e.g.
#       apiVersion: flowcontrol.apiserver.k8s.io/v1   # was flowcontrol.apiserver.k8s.io/v1beta3
#     kubectl convert -f <old.yaml> --output-version <group>/<version> rewrites a file; then kubectl apply -f <new.yaml>.
package stance.rules.k8s.api.deprecated

import data.stance.lib.k8s_api
import rego.v1

unknown contains msg if some msg in k8s_api.unknown

still_served(entry) if entry.removed == null

still_served(entry) if entry.removed > k8s_api.target_minor

until(entry) := sprintf("; it is removed in v1.%d", [entry.removed]) if is_number(entry.removed)

until(entry) := "" if entry.removed == null

deny contains {"msg": msg} if {
	some [v, how, entry] in k8s_api.listed
	entry.deprecated <= k8s_api.target_minor
	still_served(entry)
	msg := sprintf("%s %s %s %s, deprecated since v1.%d (target %s)%s; %s", [input.resource.config.kind, input.resource.name, how, v, entry.deprecated, k8s_api.target_label, until(entry), k8s_api.replacement(entry)])
}
