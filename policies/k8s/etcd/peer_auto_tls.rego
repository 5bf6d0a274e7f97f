# METADATA
# title: etcd uses self-signed certificates between peers
# description: >-
#   With --peer-auto-tls=true etcd members use self-signed peer certificates that do not
#   authenticate anyone. The default is false. CIS Kubernetes 2.6.
# custom:
#   id: k8s-etcd-peer-auto-tls
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/etcd.yaml and remove `--peer-auto-tls=true` (or set it to false) and give etcd peer certificates from a CA in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       etcd:
#         local:
#           extraArgs:
#             - {name: peer-auto-tls, value: "false"}
package stance.rules.k8s.etcd.peer_auto_tls

import data.stance.lib.flags
import rego.v1

component := "etcd"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "peer-auto-tls", "false")
	not flags.is_false(value)
	msg := sprintf("%s (Pod %s) runs with --peer-auto-tls=%s: peers cannot verify each other", [component, input.resource.name, value])
}
