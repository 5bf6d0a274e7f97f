# METADATA
# title: API server does not check that service account tokens still exist
# description: >-
#   With --service-account-lookup=false the API server accepts a service account token after its
#   ServiceAccount or Secret was deleted. The default is true. CIS Kubernetes 1.2.21.
# custom:
#   id: k8s-apiserver-service-account-lookup
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and remove `--service-account-lookup=false` or set `--service-account-lookup=true` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: service-account-lookup, value: "true"}
package stance.rules.k8s.apiserver.service_account_lookup

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "service-account-lookup", "true")
	not flags.is_true(value)
	msg := sprintf("%s (Pod %s) runs with --service-account-lookup=%s (default true): tokens of deleted service accounts keep working", [component, input.resource.name, value])
}
