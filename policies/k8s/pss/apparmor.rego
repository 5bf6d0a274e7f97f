# METADATA
# title: AppArmor is disabled for a container
# description: >-
#   An Unconfined AppArmor profile, set with the appArmorProfile field or the older annotation,
#   removes the container's mandatory access control (PSS baseline: AppArmor).
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
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

metadata := object.get(input.resource.config, "metadata", {}) if input.resource.config.kind == "Pod"

metadata := object.get(input.resource.config.spec.template, "metadata", {}) if input.resource.config.kind in k8s.template_kinds

metadata := object.get(input.resource.config.spec.jobTemplate.spec.template, "metadata", {}) if input.resource.config.kind == "CronJob"

prefix := "container.apparmor.security.beta.kubernetes.io/"

deny contains {"msg": sprintf("annotation %s is %s", [key, value])} if {
	some key, value in object.get(metadata, "annotations", {})
	startswith(key, prefix)
	value != "runtime/default"
	not startswith(value, "localhost/")
}

deny contains {"msg": "the pod sets appArmorProfile Unconfined"} if {
	k8s.pod_security_context(input.resource.config).appArmorProfile.type == "Unconfined"
}

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	entry.container.securityContext.appArmorProfile.type == "Unconfined"
	msg := sprintf("%s sets appArmorProfile Unconfined", [entry.ref])
}
