# METADATA
# title: Kubelet does not verify client certificates
# description: >-
#   Without authentication.x509.clientCAFile (the --client-ca-file flag) the kubelet cannot
#   authenticate the API server or anyone else by client certificate. CIS Kubernetes 4.2.3.
# custom:
#   id: k8s-kubelet-client-ca-file
#   severity: high
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       authentication:
#         x509:
#           clientCAFile: /etc/kubernetes/pki/ca.crt
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.client_ca_file

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

# clientCAFile is omitted from the v1beta1 serialization when empty: absent means not set.
deny contains {"msg": msg} if {
	kubelet.field_or_zero(cfg, ["authentication", "x509", "clientCAFile"], "") == ""
	msg := sprintf("kubelet on node %s has no authentication.x509.clientCAFile: client certificates are not verified", [input.resource.name])
}
