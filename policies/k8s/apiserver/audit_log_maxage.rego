# METADATA
# title: API server --audit-log-maxage is below 30
# description: >-
#   --audit-log-maxage sets the days audit log files are kept; CIS asks for at least 30 so that
#   enough audit history survives for an investigation. CIS Kubernetes 1.2.17.
# custom:
#   id: k8s-apiserver-audit-log-maxage
#   severity: low
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--audit-log-maxage=30` or higher in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: audit-log-maxage, value: "30"}
package stance.rules.k8s.apiserver.audit_log_maxage

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	not flags.value(cfg, component, "audit-log-maxage")
	msg := sprintf("%s (Pod %s) does not set --audit-log-maxage: CIS asks for at least 30 days audit log files are kept", [component, input.resource.name])
}

deny contains {"msg": msg} if {
	value := flags.value(cfg, component, "audit-log-maxage")
	not at_least(value)
	msg := sprintf("%s (Pod %s) sets --audit-log-maxage=%s, below 30: CIS asks for at least 30 days audit log files are kept", [component, input.resource.name, value])
}

at_least(value) if flags.number(value) >= 30
