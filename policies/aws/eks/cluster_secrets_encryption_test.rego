package stance.rules.aws.eks.cluster_secrets_encryption_test

import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "Secrets encrypted with a KMS key", "expect": "pass", "input": eks.cluster(eks.hardened)},
	{"name": "no encryptionConfig (DescribeCluster leaves it out)", "expect": "fail", "input": eks.removed("encryptionConfig")},
	{"name": "encryptionConfig for other resources only", "expect": "fail", "input": eks.cluster(object.union(eks.hardened, {"encryptionConfig": [{"resources": ["configmaps"], "provider": {"keyArn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}]}))},
	{"name": "no key named", "expect": "fail", "input": eks.cluster(object.union(eks.hardened, {"encryptionConfig": [{"resources": ["secrets"], "provider": {}}]}))},
]

test_cases if harness.check_cases("aws.eks.cluster_secrets_encryption", cases)
