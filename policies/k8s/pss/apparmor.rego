# METADATA
# title: AppArmor is disabled for a container
# description: >-
#   An AppArmor profile other than RuntimeDefault or Localhost (appArmorProfile field), or an
#   annotation value other than runtime/default, localhost/<profile> or empty, removes the
#   container's mandatory access control (PSS baseline: AppArmor).
# custom:
#   id: k8s-pss-apparmor
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Use the runtime default or a localhost profile:
#       securityContext:
#         appArmorProfile: {type: RuntimeDefault}
#     or remove the annotation container.apparmor.security.beta.kubernetes.io/<container>: unconfined. Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.apparmor

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

prefix := "container.apparmor.security.beta.kubernetes.io/"

allowed_types := {"RuntimeDefault", "Localhost"}

# Annotation values: empty, runtime/default or localhost/<profile>.
allowed_value(value) if value in {"", "runtime/default"}

allowed_value(value) if startswith(value, "localhost/")

violations contains sprintf("annotation %s is %v", [key, value]) if {
	some key, value in object.get(k8s.pod_metadata(obj), "annotations", {})
	startswith(key, prefix)
	not allowed_value(value)
}

violations contains sprintf("the pod sets appArmorProfile type %v", [object.get(profile, "type", null)]) if {
	profile := k8s.set_value(k8s.pod_security_context(obj), "appArmorProfile")
	not object.get(profile, "type", "") in allowed_types
}

violations contains sprintf("%s sets appArmorProfile type %v", [entry.ref, object.get(profile, "type", null)]) if {
	some entry in k8s.all_containers(obj)
	profile := k8s.set_value(k8s.security_context(entry.container), "appArmorProfile")
	not object.get(profile, "type", "") in allowed_types
}

deny contains {"msg": pss.message("baseline", v)} if some v in violations
