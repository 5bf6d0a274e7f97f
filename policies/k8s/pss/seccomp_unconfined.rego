# METADATA
# title: Seccomp is explicitly disabled (Unconfined)
# description: >-
#   seccompProfile type Unconfined turns off system-call filtering for the pod or container (PSS
#   baseline: Seccomp).
# custom:
#   id: k8s-pss-seccomp-unconfined
#   severity: high
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove the Unconfined profile and use the runtime's default:
#       securityContext:
#         seccompProfile: {type: RuntimeDefault}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.seccomp_unconfined

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": "the pod sets seccompProfile Unconfined"} if {
	k8s.pod_security_context(input.resource.config).seccompProfile.type == "Unconfined"
}

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	entry.container.securityContext.seccompProfile.type == "Unconfined"
	msg := sprintf("%s sets seccompProfile Unconfined", [entry.ref])
}
