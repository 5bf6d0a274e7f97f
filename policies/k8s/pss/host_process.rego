# METADATA
# title: Windows container runs as a HostProcess
# description: >-
#   A Windows HostProcess container runs directly on the node with host privileges (PSS
#   baseline: HostProcess).
# custom:
#   id: k8s-pss-host-process
#   severity: critical
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove windowsOptions.hostProcess (pod and container securityContext) and run the workload as a regular container:
#       securityContext:
#         windowsOptions: {hostProcess: false}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.host_process

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

violations contains "the pod sets windowsOptions.hostProcess: true" if {
	k8s.pod_security_context(obj).windowsOptions.hostProcess == true
}

violations contains sprintf("%s sets windowsOptions.hostProcess: true", [entry.ref]) if {
	some entry in k8s.all_containers(obj)
	k8s.security_context(entry.container).windowsOptions.hostProcess == true
}

deny contains {"msg": pss.message("baseline", v)} if some v in violations
