# METADATA
# title: Container is not required to run as a non-root user
# description: >-
#   runAsNonRoot must be true for every container, set on the pod or on each container, and
#   false nowhere. From policy version v1.35 pods with their own user namespace (hostUsers:
#   false) are exempt (PSS restricted: Running as Non-root).
# custom:
#   id: k8s-pss-restricted-run-as-non-root
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Set runAsNonRoot: true on the pod (and never false on a container), and build the image with a non-root USER:
#       spec:
#         securityContext:
#           runAsNonRoot: true
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.restricted_run_as_non_root

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

# From v1.35 pods in a user namespace (hostUsers: false) are exempt.
not_applicable if pss.user_namespace_exempt(obj)

pod_value := object.get(k8s.pod_security_context(obj), "runAsNonRoot", null)

violations contains "the pod sets runAsNonRoot: false" if pod_value == false

violations contains sprintf("%s sets runAsNonRoot: false", [entry.ref]) if {
	some entry in k8s.all_containers(obj)
	k8s.security_context(entry.container).runAsNonRoot == false
}

# A container that does not set it is covered only by runAsNonRoot: true on the pod.
violations contains sprintf("%s may run as root (runAsNonRoot is not true on it or the pod)", [entry.ref]) if {
	pod_value != true
	some entry in k8s.all_containers(obj)
	object.get(k8s.security_context(entry.container), "runAsNonRoot", null) == null
}

deny contains {"msg": pss.message("restricted", v)} if some v in violations
