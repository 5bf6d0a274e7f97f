# METADATA
# title: EKS cluster does not send audit logs
# description: >-
#   The Kubernetes audit log of the control plane is not sent to CloudWatch Logs (the "audit" type of
#   logging.clusterLogging is not enabled): who did what through the Kubernetes API is not
#   recorded anywhere the account can read. AWS FSBP EKS.8, CIS Amazon EKS 2.1.1.
# custom:
#   id: aws-eks-cluster-audit-logging
#   severity: medium
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     Console: EKS > Clusters > <cluster> > Observability > Control plane logging > Manage logging >
#     turn on Audit (and the other types) > Save changes.
#     CLI: aws eks update-cluster-config --region <region> --name <cluster>
#     --logging '{"clusterLogging":[{"types":["audit"],"enabled":true}]}'
package stance.rules.aws.eks.cluster_audit_logging

import data.stance.lib.eks
import rego.v1

cluster := input.resource.config

unknown contains msg if msg := eks.logging_unreported(cluster)

deny contains {"msg": msg} if {
	eks.logging_reported(cluster)
	not "audit" in eks.enabled_log_types(cluster)
	msg := sprintf("EKS cluster %s: the audit log of the control plane is not sent to CloudWatch Logs", [input.resource.name])
}
