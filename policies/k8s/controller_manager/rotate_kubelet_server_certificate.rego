# METADATA
# title: Controller manager turns off kubelet serving certificate rotation
# description: >-
#   The RotateKubeletServerCertificate feature gate (on by default) lets kubelet serving
#   certificates be requested and renewed through the certificates API; turning it off leaves
#   kubelets with long-lived or self-signed serving certificates. CIS Kubernetes 1.3.6.
# custom:
#   id: k8s-controller-manager-rotate-kubelet-server-certificate
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-controller-manager.yaml and remove `RotateKubeletServerCertificate=false` from `--feature-gates` (or set it to true) in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       controllerManager:
#         extraArgs:
#           - {name: feature-gates, value: "RotateKubeletServerCertificate=true"}
package stance.rules.k8s.controller_manager.rotate_kubelet_server_certificate

import data.stance.lib.flags
import rego.v1

component := "kube-controller-manager"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.feature_gates(cfg, component).RotateKubeletServerCertificate
	not flags.is_true(value)
	msg := sprintf("kube-controller-manager (Pod %s) sets the feature gate RotateKubeletServerCertificate=%s: kubelet serving certificates are not rotated", [input.resource.name, value])
}
