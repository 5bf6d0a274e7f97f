# Test-only helpers for the EKS rules: DescribeCluster and DescribeNodegroup answers as the collector
# stores them (src/collect/aws/eks.ts; the cluster without certificateAuthority).
package stance.lib.testing.eks

import data.stance.lib.testing.aws as fx
import rego.v1

arn := "arn:aws:eks:eu-west-1:111122223333:cluster/prod"

# A cluster of the kind the benchmarks ask for: private endpoint only, Secrets encrypted with a KMS
# key, every control plane log on, access entries, a version in standard support at fx.now_ns.
hardened := {
	"name": "prod",
	"arn": arn,
	"createdAt": "2025-06-02T09:14:00Z",
	"version": "1.33",
	"endpoint": "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
	"roleArn": "arn:aws:iam::111122223333:role/eks-cluster",
	"resourcesVpcConfig": {
		"subnetIds": ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"],
		"securityGroupIds": [],
		"clusterSecurityGroupId": "sg-0123456789abcdef0",
		"vpcId": "vpc-0123456789abcdef0",
		"endpointPublicAccess": false,
		"endpointPrivateAccess": true,
		"publicAccessCidrs": [],
	},
	"kubernetesNetworkConfig": {"serviceIpv4Cidr": "172.20.0.0/16", "ipFamily": "ipv4"},
	"logging": {"clusterLogging": [{"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": true}]},
	"identity": {"oidc": {"issuer": "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"}},
	"status": "ACTIVE",
	"platformVersion": "eks.9",
	"tags": {"team": "platform"},
	"encryptionConfig": [{"resources": ["secrets"], "provider": {"keyArn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}],
	"accessConfig": {"authenticationMode": "API"},
	"upgradePolicy": {"supportType": "EXTENDED"},
}

cluster(config) := fx.resource("aws.eks.cluster", arn, "prod", "eu-west-1", config)

# The hardened cluster with some fields changed (merged recursively).
patched(patch) := cluster(object.union(hardened, patch))

# The hardened cluster without the field at path ("resourcesVpcConfig/endpointPublicAccess").
removed(path) := cluster(json.remove(hardened, [path]))

# The same cluster seen at another instant.
at(case, now_ns) := json.patch(case, [{"op": "replace", "path": "/context/now_ns", "value": now_ns}])

nodegroup(config) := fx.resource(
	"aws.eks.nodegroup",
	"arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/workers/6ec6c8a2-0e0e-7a9c-3f11-0123456789ab",
	"prod/workers",
	"eu-west-1",
	object.union(
		{
			"nodegroupName": "workers",
			"nodegroupArn": "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/workers/6ec6c8a2-0e0e-7a9c-3f11-0123456789ab",
			"clusterName": "prod",
			"version": "1.33",
			"releaseVersion": "1.33.5-20251112",
			"status": "ACTIVE",
			"capacityType": "ON_DEMAND",
			"scalingConfig": {"minSize": 2, "maxSize": 6, "desiredSize": 3},
			"instanceTypes": ["m6i.large"],
			"subnets": ["subnet-0a1b2c3d4e5f60718"],
			"amiType": "AL2023_x86_64_STANDARD",
			"nodeRole": "arn:aws:iam::111122223333:role/eks-node",
			"diskSize": 20,
			"tags": {},
		},
		config,
	),
)
