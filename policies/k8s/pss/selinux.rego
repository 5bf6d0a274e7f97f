# METADATA
# title: SELinux options set a custom user, role or type
# description: >-
#   Setting an SELinux user or role, or a type outside the container types, can lift the
#   confinement the runtime applies (PSS baseline: SELinux).
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
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

options contains {"where": "the pod", "opts": o} if {
	o := k8s.pod_security_context(input.resource.config).seLinuxOptions
}

options contains {"where": entry.ref, "opts": o} if {
	some entry in k8s.all_containers(input.resource.config)
	o := entry.container.securityContext.seLinuxOptions
}

deny contains {"msg": sprintf("%s sets seLinuxOptions.type %s", [x.where, x.opts.type])} if {
	some x in options
	not x.opts.type in allowed_types
}

deny contains {"msg": sprintf("%s sets seLinuxOptions.%s", [x.where, field])} if {
	some x in options
	some field in ["user", "role"]
	object.get(x.opts, field, "") != ""
}
