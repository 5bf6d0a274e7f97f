# METADATA
# title: etcd does not authenticate its peers
# description: >-
#   Unless --peer-client-cert-auth=true (default false), anything that reaches the peer port can
#   join or talk to the etcd cluster as a member. CIS Kubernetes 2.5.
# custom:
#   id: k8s-etcd-peer-client-cert-auth
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/etcd.yaml and set `--peer-client-cert-auth=true` with `--peer-trusted-ca-file=<etcd CA>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       etcd:
#         local:
#           extraArgs:
#             - {name: peer-client-cert-auth, value: "true"}
package stance.rules.k8s.etcd.peer_client_cert_auth

import data.stance.lib.flags
import rego.v1

component := "etcd"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "peer-client-cert-auth", "false")
	not flags.is_true(value)
	msg := sprintf("%s (Pod %s) runs with --peer-client-cert-auth=%s (default false): etcd peers are not authenticated", [component, input.resource.name, value])
}
