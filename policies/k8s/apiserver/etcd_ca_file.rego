# METADATA
# title: API server does not verify the etcd server certificate
# description: >-
#   Without --etcd-cafile the API server cannot verify that it talks to the real etcd, so cluster
#   state can be read or altered in transit. CIS Kubernetes 1.2.26.
# custom:
#   id: k8s-apiserver-etcd-ca-file
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--etcd-cafile=<etcd CA certificate>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: etcd-cafile, value: "/etc/kubernetes/pki/etcd/ca.crt"}
package stance.rules.k8s.apiserver.etcd_ca_file

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["etcd-cafile"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: the etcd server certificate is not verified", [component, input.resource.name, name])
}
