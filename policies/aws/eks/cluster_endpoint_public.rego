# METADATA
# title: EKS cluster API endpoint is public
# description: >-
#   The cluster's Kubernetes API server endpoint is reachable from the internet
#   (resourcesVpcConfig.endpointPublicAccess). Credentials leaked or a flaw in the API server are then
#   exploitable from anywhere the CIDR list allows. AWS FSBP EKS.1, CIS Amazon EKS 5.4.2.
# custom:
#   id: aws-eks-cluster-endpoint-public
#   severity: high
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     Turn on private access first, so that nodes and in-VPC clients keep reaching the API, then
#     turn off public access (kubectl then has to run from the VPC, a VPN or a bastion).
#     Console: EKS > Clusters > <cluster> > Networking > Manage endpoint access > Private.
#     CLI: aws eks update-cluster-config --region <region> --name <cluster>
#     --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=false
package stance.rules.aws.eks.cluster_endpoint_public

import data.stance.lib.eks
import rego.v1

cluster := input.resource.config

unknown contains msg if msg := eks.unreported(cluster, "endpointPublicAccess")

deny contains {"msg": msg} if {
	cluster.resourcesVpcConfig.endpointPublicAccess == true
	msg := sprintf("EKS cluster %s: the Kubernetes API endpoint is public (reachable from %s)", [input.resource.name, eks.public_sources(cluster)])
}
