# METADATA
# title: etcd serves clients without TLS
# description: >-
#   Without --cert-file and --key-file etcd serves its clients (the API server) over plain HTTP,
#   exposing all cluster state including Secrets. CIS Kubernetes 2.1.
# custom:
#   id: k8s-etcd-cert-file
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/etcd.yaml and set `--cert-file=<server cert>` and `--key-file=<server key>` (or ETCD_CERT_FILE / ETCD_KEY_FILE) in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       etcd:
#         local:
#           extraArgs:
#             - {name: cert-file, value: "/etc/kubernetes/pki/etcd/server.crt"}
#             - {name: key-file, value: "/etc/kubernetes/pki/etcd/server.key"}
package stance.rules.k8s.etcd.cert_file

import data.stance.lib.flags
import rego.v1

component := "etcd"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["cert-file", "key-file"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: client traffic is not encrypted", [component, input.resource.name, name])
}
