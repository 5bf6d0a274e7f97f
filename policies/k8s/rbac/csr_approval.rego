# METADATA
# title: Role can approve certificate signing requests
# description: >-
#   Update on certificatesigningrequests/approval lets a subject approve its own client
#   certificates, for example for system:masters (CIS Kubernetes 5.1.11).
# custom:
#   id: k8s-rbac-csr-approval
#   severity: high
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove update/patch on certificatesigningrequests/approval from the role; leave approval to the controller manager or a dedicated approver.
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.csr_approval

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s can approve CertificateSigningRequests", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, ["certificates.k8s.io"], ["certificatesigningrequests/approval"], ["update", "patch"])
}
