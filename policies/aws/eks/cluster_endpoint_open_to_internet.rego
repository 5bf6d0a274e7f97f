# METADATA
# title: EKS cluster public API endpoint accepts every address
# description: >-
#   The cluster's public Kubernetes API endpoint accepts connections from 0.0.0.0/0 (or ::/0): the
#   public access CIDRs were left at their default. Where a public endpoint is needed, it should
#   admit only the networks that use it. A cluster without public access passes. CIS Amazon EKS 5.4.1.
# custom:
#   id: aws-eks-cluster-endpoint-open-to-internet
#   severity: high
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     Restrict the public endpoint to the addresses that need it (keep private access on for the
#     nodes), or turn public access off.
#     Console: EKS > Clusters > <cluster> > Networking > Manage endpoint access > Public and private >
#     Advanced settings > Add source: the CIDR blocks of your offices, VPN or CI runners.
#     CLI: aws eks update-cluster-config --region <region> --name <cluster>
#     --resources-vpc-config endpointPrivateAccess=true,publicAccessCidrs="203.0.113.5/32"
package stance.rules.aws.eks.cluster_endpoint_open_to_internet

import data.stance.lib.eks
import rego.v1

cluster := input.resource.config

vpc := object.get(cluster, "resourcesVpcConfig", {})

unknown contains msg if msg := eks.unreported(cluster, "endpointPublicAccess")

# AWS reports the CIDRs of a public endpoint (0.0.0.0/0 when none were given): absent is not known.
unknown contains msg if {
	vpc.endpointPublicAccess == true
	not is_array(object.get(vpc, "publicAccessCidrs", null))
	msg := sprintf("EKS cluster %s: resourcesVpcConfig.publicAccessCidrs was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	vpc.endpointPublicAccess == true
	some cidr in vpc.publicAccessCidrs
	cidr in {"0.0.0.0/0", "::/0"}
	msg := sprintf("EKS cluster %s: the public Kubernetes API endpoint accepts %s", [input.resource.name, cidr])
}
