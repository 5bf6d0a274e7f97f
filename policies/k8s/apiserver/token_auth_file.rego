# METADATA
# title: API server authenticates static tokens from a file
# description: >-
#   Static bearer tokens from --token-auth-file never expire and can only be changed by restarting
#   the API server; anyone holding one keeps access. CIS Kubernetes 1.2.2.
# custom:
#   id: k8s-apiserver-token-auth-file
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and remove the `--token-auth-file` flag (authenticate users with client certificates or OIDC instead) in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, remove it from the ClusterConfiguration (apiServer.extraArgs) as well, so that
#     kubeadm upgrade apply does not bring it back.
package stance.rules.k8s.apiserver.token_auth_file

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.value(cfg, component, "token-auth-file")
	value != ""
	msg := sprintf("%s (Pod %s) sets --token-auth-file=%s: static tokens do not expire and cannot be revoked without a restart", [component, input.resource.name, value])
}
