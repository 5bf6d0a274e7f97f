# METADATA
# title: EKS cluster grants access through the aws-auth ConfigMap only
# description: >-
#   accessConfig.authenticationMode is CONFIG_MAP: IAM principals get Kubernetes access only through
#   the aws-auth ConfigMap, which anyone who can edit it in kube-system changes without an AWS API
#   call or CloudTrail record. Access entries (mode API or API_AND_CONFIG_MAP) are managed through
#   the EKS API and IAM. CIS Amazon EKS 4.1.7.
# custom:
#   id: aws-eks-cluster-access-entries
#   severity: medium
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     Console: EKS > Clusters > <cluster> > Access > Manage access > Authentication mode: EKS API and
#     ConfigMap; create access entries for the principals in aws-auth, then switch to EKS API.
#     CLI: aws eks update-cluster-config --region <region> --name <cluster>
#     --access-config authenticationMode=API_AND_CONFIG_MAP, then aws eks create-access-entry
#     --cluster-name <cluster> --principal-arn <role-arn> for each principal (the mode cannot go back).
package stance.rules.aws.eks.cluster_access_entries

import rego.v1

cluster := input.resource.config

mode := object.get(cluster, ["accessConfig", "authenticationMode"], null)

unknown contains msg if {
	not is_string(mode)
	msg := sprintf("EKS cluster %s: accessConfig.authenticationMode was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	mode == "CONFIG_MAP"
	msg := sprintf("EKS cluster %s: IAM access is granted only through the aws-auth ConfigMap (authenticationMode CONFIG_MAP)", [input.resource.name])
}
