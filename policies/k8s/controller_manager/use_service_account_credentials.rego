# METADATA
# title: Controller manager runs all controllers with its own credentials
# description: >-
#   Unless --use-service-account-credentials=true (default false), all controllers act with the
#   controller manager's own broad credentials instead of one service account each with least-
#   privilege roles. CIS Kubernetes 1.3.3.
# custom:
#   id: k8s-controller-manager-use-service-account-credentials
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-controller-manager.yaml and set `--use-service-account-credentials=true` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       controllerManager:
#         extraArgs:
#           - {name: use-service-account-credentials, value: "true"}
package stance.rules.k8s.controller_manager.use_service_account_credentials

import data.stance.lib.flags
import rego.v1

component := "kube-controller-manager"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "use-service-account-credentials", "false")
	not flags.is_true(value)
	msg := sprintf("%s (Pod %s) runs with --use-service-account-credentials=%s (default false): controllers share the controller manager's credentials", [component, input.resource.name, value])
}
