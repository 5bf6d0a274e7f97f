# METADATA
# title: API server does not verify client certificates
# description: >-
#   Without --client-ca-file the API server does not authenticate client certificates, which
#   kubelets and control-plane components rely on. CIS Kubernetes 1.2.25.
# custom:
#   id: k8s-apiserver-client-ca-file
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--client-ca-file=<cluster CA certificate>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: client-ca-file, value: "/etc/kubernetes/pki/ca.crt"}
package stance.rules.k8s.apiserver.client_ca_file

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["client-ca-file"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: client certificate authentication is off", [component, input.resource.name, name])
}
