# METADATA
# title: API server authorization mode does not include Node
# description: >-
#   Without the Node authorizer in --authorization-mode kubelets are not limited to the objects of
#   their own node. CIS Kubernetes 1.2.7.
# custom:
#   id: k8s-apiserver-authorization-node
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and add Node to `--authorization-mode` (kubeadm default: Node,RBAC) in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: authorization-mode, value: "Node,RBAC"}
package stance.rules.k8s.apiserver.authorization_node

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

# Kubernetes 1.30+: authorizers may come from a structured configuration file instead of the flag.
config_only if {
	not flags.value(cfg, component, "authorization-mode")
	flags.value(cfg, component, "authorization-config")
}

unknown contains msg if {
	config_only
	file := flags.value(cfg, component, "authorization-config")
	msg := sprintf("kube-apiserver (Pod %s) reads its authorizers from --authorization-config=%s, a file the API does not show", [input.resource.name, file])
}

deny contains {"msg": msg} if {
	flags.container(cfg, component)
	not config_only
	modes := flags.items(cfg, component, "authorization-mode")
	not "Node" in modes
	msg := sprintf("kube-apiserver (Pod %s) authorization modes [%s] do not include Node: kubelets are not limited to the objects of their own node", [input.resource.name, concat(",", modes)])
}
