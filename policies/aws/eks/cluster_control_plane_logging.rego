# METADATA
# title: EKS cluster does not send every control plane log
# description: >-
#   Not every control plane log type (api, audit, authenticator, controllerManager, scheduler) is
#   sent to CloudWatch Logs. The authenticator log ties Kubernetes users to IAM principals; the
#   others explain what the API server, controller manager and scheduler did. CIS Amazon EKS 2.1.1.
# custom:
#   id: aws-eks-cluster-control-plane-logging
#   severity: low
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     Console: EKS > Clusters > <cluster> > Observability > Control plane logging > Manage logging >
#     turn every type on > Save changes.
#     CLI: aws eks update-cluster-config --region <region> --name <cluster>
#     --logging '{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}'
package stance.rules.aws.eks.cluster_control_plane_logging

import data.stance.lib.eks
import rego.v1

cluster := input.resource.config

unknown contains msg if msg := eks.logging_unreported(cluster)

missing := {t | some t in eks.log_types; not t in eks.enabled_log_types(cluster)}

deny contains {"msg": msg} if {
	eks.logging_reported(cluster)
	count(missing) > 0
	msg := sprintf("EKS cluster %s: control plane logs not sent to CloudWatch Logs: %s", [input.resource.name, concat(", ", sort(missing))])
}
