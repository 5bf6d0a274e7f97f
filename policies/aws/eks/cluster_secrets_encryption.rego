# METADATA
# title: EKS cluster does not encrypt Secrets with a KMS key
# description: >-
#   The cluster has no encryptionConfig that envelope-encrypts Kubernetes Secrets with a KMS key
#   of the account. With one, reading Secrets out of etcd also needs kms:Decrypt on that key, which
#   the key policy controls and CloudTrail records. AWS FSBP EKS.3, CIS Amazon EKS 5.3.1.
# custom:
#   id: aws-eks-cluster-secrets-encryption
#   severity: medium
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     Console: EKS > Clusters > <cluster> > Overview > Secrets encryption > Enable, choose a
#     symmetric KMS key of the cluster's region (it cannot be turned off or changed afterwards).
#     CLI: aws eks associate-encryption-config --region <region> --cluster-name <cluster>
#     --encryption-config '[{"resources":["secrets"],"provider":{"keyArn":"<kms-key-arn>"}}]'
package stance.rules.aws.eks.cluster_secrets_encryption

import rego.v1

cluster := input.resource.config

# DescribeCluster reports encryptionConfig only when one is set.
encrypts_secrets if {
	some entry in object.get(cluster, "encryptionConfig", [])
	"secrets" in object.get(entry, "resources", [])
	is_string(entry.provider.keyArn)
	entry.provider.keyArn != ""
}

deny contains {"msg": msg} if {
	not encrypts_secrets
	msg := sprintf("EKS cluster %s: Kubernetes Secrets are not envelope-encrypted with a KMS key", [input.resource.name])
}
