# METADATA
# title: Pod sets a sysctl outside the safe set
# description: >-
#   Only namespaced, isolated sysctls are safe; others change node-wide kernel behaviour (PSS
#   baseline: Sysctls).
# custom:
#   id: k8s-pss-unsafe-sysctls
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove sysctls that are not in the safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes):
#       securityContext:
#         sysctls: [{name: net.ipv4.tcp_syncookies, value: "1"}]
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.unsafe_sysctls

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

safe := {
	"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
}

deny contains {"msg": msg} if {
	some i, sysctl in object.get(k8s.pod_security_context(input.resource.config), "sysctls", [])
	not object.get(sysctl, "name", "") in safe
	msg := sprintf("the pod sets unsafe sysctl %s", [sysctl_label(i, sysctl)])
}

sysctl_label(_, sysctl) := sysctl.name if k8s.named(sysctl)

sysctl_label(i, sysctl) := sprintf("securityContext.sysctls[%d] (no name)", [i]) if not k8s.named(sysctl)
