# METADATA
# title: API server serves TLS without a configured certificate
# description: >-
#   Without --tls-cert-file and --tls-private-key-file the API server generates a self-signed
#   certificate that clients cannot verify. CIS Kubernetes 1.2.24.
# custom:
#   id: k8s-apiserver-tls-cert
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--tls-cert-file=<serving cert>` and `--tls-private-key-file=<serving key>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: tls-cert-file, value: "/etc/kubernetes/pki/apiserver.crt"}
#           - {name: tls-private-key-file, value: "/etc/kubernetes/pki/apiserver.key"}
package stance.rules.k8s.apiserver.tls_cert

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["tls-cert-file", "tls-private-key-file"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: the API server serves a self-signed certificate", [component, input.resource.name, name])
}
