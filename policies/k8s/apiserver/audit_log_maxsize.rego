# METADATA
# title: API server --audit-log-maxsize is below 100
# description: >-
#   --audit-log-maxsize sets the megabytes an audit log file grows to before rotation; CIS asks
#   for at least 100 so that enough audit history survives for an investigation. CIS Kubernetes
#   1.2.19.
# custom:
#   id: k8s-apiserver-audit-log-maxsize
#   severity: low
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--audit-log-maxsize=100` or higher in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: audit-log-maxsize, value: "100"}
package stance.rules.k8s.apiserver.audit_log_maxsize

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	not flags.value(cfg, component, "audit-log-maxsize")
	msg := sprintf("%s (Pod %s) does not set --audit-log-maxsize: CIS asks for at least 100 megabytes an audit log file grows to before rotation", [component, input.resource.name])
}

deny contains {"msg": msg} if {
	value := flags.value(cfg, component, "audit-log-maxsize")
	not at_least(value)
	msg := sprintf("%s (Pod %s) sets --audit-log-maxsize=%s, below 100: CIS asks for at least 100 megabytes an audit log file grows to before rotation", [component, input.resource.name, value])
}

at_least(value) if flags.number(value) >= 100
