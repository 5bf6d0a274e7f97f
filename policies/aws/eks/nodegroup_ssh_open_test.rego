package stance.rules.aws.eks.nodegroup_ssh_open_test

import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "no remote access", "expect": "pass", "input": eks.nodegroup({})},
	{"name": "SSH from named security groups", "expect": "pass", "input": eks.nodegroup({"remoteAccess": {"ec2SshKey": "ops", "sourceSecurityGroups": ["sg-0123456789abcdef1"]}})},
	{"name": "SSH key, no source security groups: port 22 open to all", "expect": "fail", "input": eks.nodegroup({"remoteAccess": {"ec2SshKey": "ops"}})},
	{"name": "SSH key, empty source list", "expect": "fail", "input": eks.nodegroup({"remoteAccess": {"ec2SshKey": "ops", "sourceSecurityGroups": []}})},
]

test_cases if harness.check_cases("aws.eks.nodegroup_ssh_open", cases)
