# METADATA
# title: Role can change admission webhook configurations
# description: >-
#   Whoever edits Validating- or MutatingWebhookConfigurations can disable policy enforcement or
#   intercept every object admitted (CIS Kubernetes 5.1.12).
# custom:
#   id: k8s-rbac-webhook-config-write
#   severity: high
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove create/update/patch/delete on validatingwebhookconfigurations and mutatingwebhookconfigurations; keep them for the cluster's deployment pipeline only.
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.webhook_config_write

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s can change admission webhook configurations", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, ["admissionregistration.k8s.io"], ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"], ["create", "update", "patch", "delete"])
}
