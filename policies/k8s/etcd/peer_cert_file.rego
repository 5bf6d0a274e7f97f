# METADATA
# title: etcd peers talk without TLS
# description: >-
#   Without --peer-cert-file and --peer-key-file etcd members replicate cluster state to each
#   other unencrypted. CIS Kubernetes 2.4 (only relevant with more than one member, but kubeadm
#   configures it always).
# custom:
#   id: k8s-etcd-peer-cert-file
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/etcd.yaml and set `--peer-cert-file=<peer cert>` and `--peer-key-file=<peer key>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       etcd:
#         local:
#           extraArgs:
#             - {name: peer-cert-file, value: "/etc/kubernetes/pki/etcd/peer.crt"}
#             - {name: peer-key-file, value: "/etc/kubernetes/pki/etcd/peer.key"}
package stance.rules.k8s.etcd.peer_cert_file

import data.stance.lib.flags
import rego.v1

component := "etcd"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["peer-cert-file", "peer-key-file"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: peer traffic is not encrypted", [component, input.resource.name, name])
}
