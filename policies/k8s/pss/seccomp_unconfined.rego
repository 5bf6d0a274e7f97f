# METADATA
# title: Seccomp is explicitly disabled (Unconfined)
# description: >-
#   seccompProfile type Unconfined turns off system-call filtering for the pod or container; a
#   profile, when set, must be RuntimeDefault or Localhost. Checked at policy versions before v1.19
#   on the seccomp alpha annotations instead (PSS baseline: Seccomp).
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
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

allowed_types := {"RuntimeDefault", "Localhost"}

# From v1.19 the seccompProfile fields: when set, the type must be RuntimeDefault or Localhost.
violations contains sprintf("the pod sets seccompProfile type %v", [object.get(profile, "type", null)]) if {
	pss.at_least(19)
	profile := k8s.set_value(k8s.pod_security_context(obj), "seccompProfile")
	not object.get(profile, "type", "") in allowed_types
}

violations contains sprintf("%s sets seccompProfile type %v", [entry.ref, object.get(profile, "type", null)]) if {
	pss.at_least(19)
	some entry in k8s.all_containers(obj)
	profile := k8s.set_value(k8s.security_context(entry.container), "seccompProfile")
	not object.get(profile, "type", "") in allowed_types
}

# Before v1.19 the alpha annotations: runtime/default, docker/default or localhost/<profile>.
annotations := object.get(k8s.pod_metadata(obj), "annotations", {})

allowed_annotation(value) if value in {"runtime/default", "docker/default"}

allowed_annotation(value) if startswith(value, "localhost/")

violations contains sprintf("annotation %s is %v", [key, value]) if {
	pss.below(19)
	key := "seccomp.security.alpha.kubernetes.io/pod"
	value := annotations[key]
	not allowed_annotation(value)
}

violations contains sprintf("annotation %s is %v", [key, value]) if {
	pss.below(19)
	some entry in k8s.all_containers(obj)
	key := concat("", ["container.seccomp.security.alpha.kubernetes.io/", entry.id])
	value := annotations[key]
	not allowed_annotation(value)
}

deny contains {"msg": pss.message("baseline", v)} if some v in violations
