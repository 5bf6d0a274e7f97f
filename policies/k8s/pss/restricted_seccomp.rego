# METADATA
# title: Container has no RuntimeDefault or Localhost seccomp profile
# description: >-
#   The restricted profile requires a seccomp profile of type RuntimeDefault or Localhost for
#   every container, set on the pod or the container (PSS restricted: Seccomp).
# custom:
#   id: k8s-pss-restricted-seccomp
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Set the runtime's default seccomp profile on the pod:
#       spec:
#         securityContext:
#           seccompProfile: {type: RuntimeDefault}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.restricted_seccomp

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	profile := k8s.effective(input.resource.config, entry.container, "seccompProfile", {})
	not object.get(profile, "type", "") in {"RuntimeDefault", "Localhost"}
	msg := sprintf("%s has no RuntimeDefault or Localhost seccomp profile", [entry.ref])
}
