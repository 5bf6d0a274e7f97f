# METADATA
# title: API server --audit-log-maxbackup is below 10
# description: >-
#   --audit-log-maxbackup sets the rotated audit log files kept; CIS asks for at least 10 so that
#   enough audit history survives for an investigation. CIS Kubernetes 1.2.18.
# custom:
#   id: k8s-apiserver-audit-log-maxbackup
#   severity: low
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--audit-log-maxbackup=10` or higher in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: audit-log-maxbackup, value: "10"}
package stance.rules.k8s.apiserver.audit_log_maxbackup

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	not flags.value(cfg, component, "audit-log-maxbackup")
	msg := sprintf("%s (Pod %s) does not set --audit-log-maxbackup: CIS asks for at least 10 rotated audit log files kept", [component, input.resource.name])
}

deny contains {"msg": msg} if {
	value := flags.value(cfg, component, "audit-log-maxbackup")
	not at_least(value)
	msg := sprintf("%s (Pod %s) sets --audit-log-maxbackup=%s, below 10: CIS asks for at least 10 rotated audit log files kept", [component, input.resource.name, value])
}

at_least(value) if flags.number(value) >= 10
