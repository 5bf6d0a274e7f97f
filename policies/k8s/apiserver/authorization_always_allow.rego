# METADATA
# title: API server authorizes every request (AlwaysAllow)
# description: >-
#   With the AlwaysAllow authorizer, or with no --authorization-mode at all (its default is
#   AlwaysAllow), every authenticated request is allowed and RBAC is bypassed. CIS Kubernetes
#   1.2.6.
# custom:
#   id: k8s-apiserver-authorization-always-allow
#   severity: critical
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--authorization-mode=Node,RBAC` (no AlwaysAllow) in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: authorization-mode, value: "Node,RBAC"}
package stance.rules.k8s.apiserver.authorization_always_allow

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
	"AlwaysAllow" in flags.items(cfg, component, "authorization-mode")
	msg := sprintf("kube-apiserver (Pod %s) authorizes with AlwaysAllow: every authenticated request is allowed", [input.resource.name])
}

deny contains {"msg": msg} if {
	flags.container(cfg, component)
	count(flags.items(cfg, component, "authorization-mode")) == 0
	not config_only
	msg := sprintf("kube-apiserver (Pod %s) sets no --authorization-mode (default AlwaysAllow): every authenticated request is allowed", [input.resource.name])
}
