# METADATA
# title: Pod sets a sysctl outside the safe set
# description: >-
#   Only namespaced, isolated sysctls are safe; others change node-wide kernel behaviour. The
#   safe set grows with the policy version (v1.27, v1.29, v1.32) (PSS baseline: Sysctls).
# custom:
#   id: k8s-pss-unsafe-sysctls
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove sysctls that are not in the safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem; fewer at older pinned versions):
#       securityContext:
#         sysctls: [{name: net.ipv4.tcp_syncookies, value: "1"}]
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.unsafe_sysctls

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

# The safe sysctls by the policy version that made them safe.
safe_since := {
	"kernel.shm_rmid_forced": 0,
	"net.ipv4.ip_local_port_range": 0,
	"net.ipv4.tcp_syncookies": 0,
	"net.ipv4.ping_group_range": 0,
	"net.ipv4.ip_unprivileged_port_start": 0,
	"net.ipv4.ip_local_reserved_ports": 27,
	"net.ipv4.tcp_keepalive_time": 29,
	"net.ipv4.tcp_fin_timeout": 29,
	"net.ipv4.tcp_keepalive_intvl": 29,
	"net.ipv4.tcp_keepalive_probes": 29,
	"net.ipv4.tcp_rmem": 32,
	"net.ipv4.tcp_wmem": 32,
}

safe(name) if pss.at_least(safe_since[name])

violations contains sprintf("the pod sets unsafe sysctl %s", [sysctl_label(i, sysctl)]) if {
	some i, sysctl in object.get(k8s.pod_security_context(obj), "sysctls", [])
	not safe(object.get(sysctl, "name", ""))
}

sysctl_label(_, sysctl) := sysctl.name if k8s.named(sysctl)

sysctl_label(i, sysctl) := sprintf("securityContext.sysctls[%d] (no name)", [i]) if not k8s.named(sysctl)

deny contains {"msg": pss.message("baseline", v)} if some v in violations
