# METADATA
# title: Container binds a port on the node (hostPort)
# description: >-
#   A hostPort opens the port on the node's own interfaces, bypassing Services and network
#   policies (PSS baseline: Host Ports).
# custom:
#   id: k8s-pss-host-ports
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove hostPort from the container ports and expose the workload through a Service:
#       ports:
#         - containerPort: 8080   # no hostPort
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.host_ports

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	some port in object.get(entry.container, "ports", [])
	object.get(port, "hostPort", 0) != 0
	msg := sprintf("%s binds host port %d", [entry.ref, port.hostPort])
}
