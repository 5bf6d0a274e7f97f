# METADATA
# title: Controller manager does not sign service account tokens with a dedicated key
# description: >-
#   Without --service-account-private-key-file the controller manager does not sign service
#   account tokens with a key that can be rotated on its own. CIS Kubernetes 1.3.4.
# custom:
#   id: k8s-controller-manager-service-account-private-key-file
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-controller-manager.yaml and set `--service-account-private-key-file=<private key matching the API server's --service-account-key-file>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       controllerManager:
#         extraArgs:
#           - {name: service-account-private-key-file, value: "/etc/kubernetes/pki/sa.key"}
package stance.rules.k8s.controller_manager.service_account_private_key_file

import data.stance.lib.flags
import rego.v1

component := "kube-controller-manager"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["service-account-private-key-file"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: service account tokens are not signed with a dedicated key", [component, input.resource.name, name])
}
