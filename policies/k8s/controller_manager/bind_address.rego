# METADATA
# title: Controller manager serves on a non-loopback address
# description: >-
#   kube-controller-manager serves health, metrics and profiling endpoints on --bind-address,
#   0.0.0.0 by default; they need no exposure beyond the node. CIS Kubernetes 1.3.7.
# custom:
#   id: k8s-controller-manager-bind-address
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-controller-manager.yaml and set `--bind-address=127.0.0.1` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       controllerManager:
#         extraArgs:
#           - {name: bind-address, value: "127.0.0.1"}
package stance.rules.k8s.controller_manager.bind_address

import data.stance.lib.flags
import rego.v1

component := "kube-controller-manager"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

loopback := {"127.0.0.1", "::1"}

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "bind-address", "0.0.0.0")
	not value in loopback
	msg := sprintf("%s (Pod %s) serves on --bind-address=%s (default 0.0.0.0): its endpoints are reachable from the network", [component, input.resource.name, value])
}
