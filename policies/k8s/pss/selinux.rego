# METADATA
# title: SELinux options set a custom user, role or type
# description: >-
#   Setting an SELinux user or role, or a type outside the container types (container_engine_t
#   from policy version v1.31), can lift the confinement the runtime applies (PSS baseline: SELinux).
# custom:
#   id: k8s-pss-selinux
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove seLinuxOptions.user and .role, and use only container_t, container_init_t, container_kvm_t or container_engine_t as type:
#       securityContext:
#         seLinuxOptions: {type: container_t}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.selinux

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

allowed_types contains type if some type in {"", "container_t", "container_init_t", "container_kvm_t"}

# container_engine_t (a container engine running in a container) is allowed from v1.31.
allowed_types contains "container_engine_t" if pss.at_least(31)

options contains {"where": "the pod", "opts": o} if {
	o := k8s.set_value(k8s.pod_security_context(obj), "seLinuxOptions")
}

options contains {"where": entry.ref, "opts": o} if {
	some entry in k8s.all_containers(obj)
	o := k8s.set_value(k8s.security_context(entry.container), "seLinuxOptions")
}

violations contains sprintf("%s sets seLinuxOptions.type %v", [x.where, x.opts.type]) if {
	some x in options
	type := object.get(x.opts, "type", "")
	type != null
	not type in allowed_types
}

violations contains sprintf("%s sets seLinuxOptions.%s", [x.where, field]) if {
	some x in options
	some field in ["user", "role"]
	value := object.get(x.opts, field, "")
	not value in {"", null}
}

deny contains {"msg": pss.message("baseline", v)} if some v in violations
