# METADATA
# title: API server enables the AlwaysAdmit admission plugin
# description: >-
#   AlwaysAdmit admits every request regardless of the other admission plugins' decisions. CIS
#   Kubernetes 1.2.10.
# custom:
#   id: k8s-apiserver-admission-always-admit
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and remove AlwaysAdmit from `--enable-admission-plugins` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: enable-admission-plugins, value: "NodeRestriction"}
package stance.rules.k8s.apiserver.admission_always_admit

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	"AlwaysAdmit" in flags.items(cfg, component, "enable-admission-plugins")
	msg := sprintf("kube-apiserver (Pod %s) enables the AlwaysAdmit admission plugin", [input.resource.name])
}
