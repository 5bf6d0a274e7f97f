# METADATA
# title: Container unmasks /proc (restricted, also in a user namespace)
# description: >-
#   The restricted profile requires the default /proc masks on every container, including pods in
#   a user namespace (hostUsers: false), which baseline exempts from policy version v1.35 (PSS
#   restricted: /proc Mount Type).
# custom:
#   id: k8s-pss-restricted-proc-mount
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove procMount from the container securityContext or set it to Default:
#       securityContext:
#         procMount: Default
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.restricted_proc_mount

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

violations contains sprintf("%s sets procMount: %v", [entry.ref, mount]) if {
	some entry in k8s.all_containers(obj)
	mount := k8s.set_value(k8s.security_context(entry.container), "procMount")
	mount != "Default"
}

deny contains {"msg": pss.message("restricted", v)} if some v in violations
