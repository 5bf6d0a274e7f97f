# METADATA
# title: Kubelet does not rotate its client certificate
# description: >-
#   Without rotateCertificates (the --rotate-certificates flag) the kubelet keeps its client
#   certificate until it expires and then loses access to the API server, which pushes operators
#   towards long-lived certificates. CIS Kubernetes 4.2.10.
# custom:
#   id: k8s-kubelet-rotate-certificates
#   severity: medium
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       rotateCertificates: true
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.rotate_certificates

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

# rotateCertificates is omitted from the v1beta1 serialization when false.
deny contains {"msg": msg} if {
	kubelet.field_or_zero(cfg, ["rotateCertificates"], false) != true
	msg := sprintf("kubelet on node %s does not rotate its client certificate (rotateCertificates is not true)", [input.resource.name])
}
