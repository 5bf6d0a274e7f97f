# METADATA
# title: API server does not verify kubelet serving certificates
# description: >-
#   Without --kubelet-certificate-authority the API server does not verify the kubelet's serving
#   certificate, so its connections to nodes can be intercepted. CIS Kubernetes 1.2.5.
# custom:
#   id: k8s-apiserver-kubelet-certificate-authority
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--kubelet-certificate-authority=<CA that signs kubelet serving certificates>` (kubelets need serving certificates from that CA, e.g. serverTLSBootstrap) in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: kubelet-certificate-authority, value: "/etc/kubernetes/pki/ca.crt"}
package stance.rules.k8s.apiserver.kubelet_certificate_authority

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["kubelet-certificate-authority"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: kubelet serving certificates are not verified", [component, input.resource.name, name])
}
