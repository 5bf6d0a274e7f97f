# METADATA
# title: Kubelet accepts anonymous requests
# description: >-
#   With authentication.anonymous.enabled (the --anonymous-auth flag, true by default on the
#   command line) requests to the kubelet API on port 10250 that carry no credentials are served
#   as system:anonymous. CIS Kubernetes 4.2.1.
# custom:
#   id: k8s-kubelet-anonymous-auth
#   severity: high
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       authentication:
#         anonymous:
#           enabled: false
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.anonymous_auth

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

unknown contains msg if msg := kubelet.missing(cfg, ["authentication", "anonymous", "enabled"])

deny contains {"msg": msg} if {
	kubelet.field(cfg, ["authentication", "anonymous", "enabled"]) != false
	msg := sprintf("kubelet on node %s accepts anonymous requests (authentication.anonymous.enabled is not false)", [input.resource.name])
}
