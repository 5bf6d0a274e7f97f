# METADATA
# title: Kubelet serving certificate rotation is turned off
# description: >-
#   The RotateKubeletServerCertificate feature gate is set to false in the kubelet's featureGates:
#   the kubelet cannot request and rotate its serving certificate through the API server, so it
#   serves TLS with a certificate nobody renews. The gate is on by default; /configz reports
#   featureGates only when set. CIS Kubernetes 4.2.11, CIS Amazon EKS 3.2.9.
# custom:
#   id: k8s-kubelet-rotate-server-certificate
#   severity: medium
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml), remove
#     the gate or set it to true, and let the kubelet request its serving certificate:
#       featureGates:
#         RotateKubeletServerCertificate: true
#       serverTLSBootstrap: true
#     then restart the kubelet (systemctl restart kubelet) and approve its serving CSRs
#     (kubectl certificate approve <csr>, or an approver controller).
package stance.rules.k8s.kubelet.rotate_server_certificate

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

deny contains {"msg": msg} if {
	kubelet.field(cfg, ["featureGates", "RotateKubeletServerCertificate"]) == false
	msg := sprintf("kubelet on node %s has RotateKubeletServerCertificate turned off in featureGates", [input.resource.name])
}
