# METADATA
# title: API server does not enable the NodeRestriction admission plugin
# description: >-
#   NodeRestriction (off by default) limits the Node and Pod objects a kubelet may modify to those
#   of its own node; without it a compromised node can change other nodes. CIS Kubernetes 1.2.14.
# custom:
#   id: k8s-apiserver-admission-node-restriction
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and add NodeRestriction to `--enable-admission-plugins` (and keep it out of `--disable-admission-plugins`) in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: enable-admission-plugins, value: "NodeRestriction"}
package stance.rules.k8s.apiserver.admission_node_restriction

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	not "NodeRestriction" in flags.items(cfg, component, "enable-admission-plugins")
	msg := sprintf("kube-apiserver (Pod %s) does not enable the NodeRestriction admission plugin: kubelets may modify other nodes' objects", [input.resource.name])
}

deny contains {"msg": msg} if {
	"NodeRestriction" in flags.items(cfg, component, "disable-admission-plugins")
	msg := sprintf("kube-apiserver (Pod %s) disables the NodeRestriction admission plugin", [input.resource.name])
}
