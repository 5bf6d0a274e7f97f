# METADATA
# title: API server accepts anonymous requests
# description: >-
#   Unless --anonymous-auth=false (the default is true), requests without credentials are served
#   as system:anonymous, limited only by what RBAC grants that user and the system:unauthenticated
#   group. CIS Kubernetes 1.2.1 (Manual: health checks of some load balancers need anonymous
#   access to /healthz; Kubernetes 1.32+ can limit it to those paths with an
#   AuthenticationConfiguration).
# custom:
#   id: k8s-apiserver-anonymous-auth
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--anonymous-auth=false` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: anonymous-auth, value: "false"}
package stance.rules.k8s.apiserver.anonymous_auth

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

# Kubernetes 1.32+: anonymous access may be set in the structured authentication configuration.
unknown contains msg if {
	not flags.value(cfg, component, "anonymous-auth")
	file := flags.value(cfg, component, "authentication-config")
	msg := sprintf("kube-apiserver (Pod %s) may configure anonymous access in --authentication-config=%s, a file the API does not show", [input.resource.name, file])
}

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "anonymous-auth", "true")
	not flags.is_false(value)
	msg := sprintf("%s (Pod %s) runs with --anonymous-auth=%s (default true): requests without credentials are served as system:anonymous", [component, input.resource.name, value])
}
