# METADATA
# title: API server does not authenticate to etcd with a client certificate
# description: >-
#   Without --etcd-certfile and --etcd-keyfile the API server cannot present a client certificate
#   to etcd, so etcd must accept unauthenticated clients. CIS Kubernetes 1.2.23.
# custom:
#   id: k8s-apiserver-etcd-client-cert
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--etcd-certfile=<client cert>` and `--etcd-keyfile=<client key>` (etcd with --client-cert-auth=true) in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: etcd-certfile, value: "/etc/kubernetes/pki/apiserver-etcd-client.crt"}
#           - {name: etcd-keyfile, value: "/etc/kubernetes/pki/apiserver-etcd-client.key"}
package stance.rules.k8s.apiserver.etcd_client_cert

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["etcd-certfile", "etcd-keyfile"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: the API server cannot authenticate to etcd", [component, input.resource.name, name])
}
