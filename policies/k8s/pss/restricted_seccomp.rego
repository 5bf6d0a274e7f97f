# METADATA
# title: Container has no RuntimeDefault or Localhost seccomp profile
# description: >-
#   The restricted profile requires a seccomp profile of type RuntimeDefault or Localhost for
#   every container, set on the pod or the container, and no other type anywhere. Checked from
#   policy version v1.19; Linux only: from v1.25 Windows pods are exempt (PSS restricted: Seccomp).
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
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

# The check exists from v1.19; from v1.25 Windows pods are exempt.
not_applicable if pss.below(19)

not_applicable if pss.linux_only_exempt(obj)

allowed_types := {"RuntimeDefault", "Localhost"}

pod_profile := k8s.set_value(k8s.pod_security_context(obj), "seccompProfile")

violations contains sprintf("the pod sets seccompProfile type %v", [object.get(profile, "type", null)]) if {
	profile := pod_profile
	not object.get(profile, "type", "") in allowed_types
}

violations contains sprintf("%s sets seccompProfile type %v", [entry.ref, object.get(profile, "type", null)]) if {
	some entry in k8s.all_containers(obj)
	profile := k8s.set_value(k8s.security_context(entry.container), "seccompProfile")
	not object.get(profile, "type", "") in allowed_types
}

# A container that sets no profile is covered only by a profile on the pod.
violations contains sprintf("%s has no RuntimeDefault or Localhost seccomp profile (neither it nor the pod sets one)", [entry.ref]) if {
	not pod_profile
	some entry in k8s.all_containers(obj)
	not k8s.set_value(k8s.security_context(entry.container), "seccompProfile")
}

deny contains {"msg": pss.message("restricted", v)} if some v in violations
