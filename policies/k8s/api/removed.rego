# METADATA
# title: Object uses an API version the target Kubernetes version no longer serves
# description: >-
#   An API server stops serving a deprecated apiVersion at the release the Kubernetes deprecated
#   API migration guide names; from then on a manifest that uses it fails to apply, and Helm
#   releases and GitOps tools that hold it break on upgrade. The target version is the live
#   cluster's (GET /version), --kube-version (or a daemon target's kubeVersion), else the newest
#   version the rules know. A live cluster serves every object at the version Stance asks for, so
#   there the apiVersion the object was last applied with (kubectl's last-applied-configuration,
#   read before it is dropped) is checked: it is what the manifest in the repository says.
#   Messages name the target version.
# custom:
#   id: k8s-api-version-removed
#   severity: high
#   resource_types: [k8s.apiservice, k8s.certificatesigningrequest, k8s.clusterrole, k8s.clusterrolebinding, k8s.cronjob, k8s.csidriver, k8s.csinode, k8s.csistoragecapacity, k8s.customresourcedefinition, k8s.daemonset, k8s.deployment, k8s.endpoints, k8s.endpointslice, k8s.event, k8s.flowschema, k8s.horizontalpodautoscaler, k8s.ingress, k8s.ingressclass, k8s.lease, k8s.localsubjectaccessreview, k8s.mutatingwebhookconfiguration, k8s.networkpolicy, k8s.poddisruptionbudget, k8s.podsecuritypolicy, k8s.priorityclass, k8s.prioritylevelconfiguration, k8s.replicaset, k8s.role, k8s.rolebinding, k8s.runtimeclass, k8s.selfsubjectaccessreview, k8s.statefulset, k8s.storageclass, k8s.subjectaccessreview, k8s.tokenreview, k8s.validatingwebhookconfiguration, k8s.volumeattachment]
#   remediation: |-
#     Change the manifest's apiVersion to the replacement named in the finding (and adapt the
#     fields that changed, see the Kubernetes deprecated API migration guide), e.g.
#       apiVersion: networking.k8s.io/v1   # was extensions/v1beta1
#       kind: Ingress
#     kubectl convert -f <old.yaml> --output-version <group>/<version> rewrites a file; then kubectl apply -f <new.yaml>.
package stance.rules.k8s.api.removed

import data.stance.lib.k8s_api
import rego.v1

unknown contains msg if some msg in k8s_api.unknown

deny contains {"msg": msg} if {
	some [v, how, entry] in k8s_api.listed
	is_number(entry.removed)
	entry.removed <= k8s_api.target_minor
	msg := sprintf("%s %s %s %s, which Kubernetes stopped serving in v1.%d (target %s); %s", [input.resource.config.kind, input.resource.name, how, v, entry.removed, k8s_api.target_label, k8s_api.replacement(entry)])
}
