# METADATA
# title: Container unmasks /proc (procMount other than Default)
# description: >-
#   procMount: Unmasked exposes kernel information and controls that the container runtime
#   normally masks (PSS baseline: /proc Mount Type).
# custom:
#   id: k8s-pss-proc-mount
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove procMount from the container securityContext or set it to Default:
#       securityContext:
#         procMount: Default
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.proc_mount

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	mount := entry.container.securityContext.procMount
	mount != "Default"
	msg := sprintf("%s sets procMount: %s", [entry.ref, mount])
}
