# METADATA
# title: API server extends the lifetime of service account tokens
# description: >-
#   By default (--service-account-extend-token-expiration=true) projected service account tokens
#   are issued valid for a year while they only appear to expire after an hour, so a stolen token
#   stays usable far longer than its nominal lifetime. CIS Kubernetes 1.2.30.
# custom:
#   id: k8s-apiserver-service-account-extend-token-expiration
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--service-account-extend-token-expiration=false` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: service-account-extend-token-expiration, value: "false"}
package stance.rules.k8s.apiserver.service_account_extend_token_expiration

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "service-account-extend-token-expiration", "true")
	not flags.is_false(value)
	msg := sprintf("%s (Pod %s) runs with --service-account-extend-token-expiration=%s (default true): stolen tokens stay valid far past their nominal expiry", [component, input.resource.name, value])
}
