# METADATA
# title: EKS cluster API endpoint has no private access
# description: >-
#   Without private endpoint access (resourcesVpcConfig.endpointPrivateAccess), nodes and other
#   clients in the VPC reach the Kubernetes API through its public endpoint, over the internet,
#   and public access cannot be turned off. CIS Amazon EKS 5.4.2.
# custom:
#   id: aws-eks-cluster-endpoint-private-access
#   severity: medium
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     Console: EKS > Clusters > <cluster> > Networking > Manage endpoint access > Public and private
#     (or Private).
#     CLI: aws eks update-cluster-config --region <region> --name <cluster>
#     --resources-vpc-config endpointPrivateAccess=true
package stance.rules.aws.eks.cluster_endpoint_private_access

import data.stance.lib.eks
import rego.v1

cluster := input.resource.config

unknown contains msg if msg := eks.unreported(cluster, "endpointPrivateAccess")

deny contains {"msg": msg} if {
	cluster.resourcesVpcConfig.endpointPrivateAccess == false
	msg := sprintf("EKS cluster %s: private access to the Kubernetes API endpoint is off", [input.resource.name])
}
