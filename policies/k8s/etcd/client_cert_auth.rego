# METADATA
# title: etcd does not require client certificates
# description: >-
#   Unless --client-cert-auth=true (default false), etcd accepts any client that can reach it, and
#   anyone on the network can read or write cluster state. CIS Kubernetes 2.2.
# custom:
#   id: k8s-etcd-client-cert-auth
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/etcd.yaml and set `--client-cert-auth=true` with `--trusted-ca-file=<etcd CA>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       etcd:
#         local:
#           extraArgs:
#             - {name: client-cert-auth, value: "true"}
package stance.rules.k8s.etcd.client_cert_auth

import data.stance.lib.flags
import rego.v1

component := "etcd"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "client-cert-auth", "false")
	not flags.is_true(value)
	msg := sprintf("%s (Pod %s) runs with --client-cert-auth=%s (default false): any client that reaches etcd can read and write cluster state", [component, input.resource.name, value])
}
