# METADATA
# title: EKS node group allows SSH from anywhere
# description: >-
#   The managed node group has remote access with an EC2 key pair (remoteAccess.ec2SshKey) and no
#   source security groups: EKS then opens port 22 of every node to 0.0.0.0/0. Nodes should not be
#   reachable from the internet (CIS Amazon EKS 5.4.3, private nodes); use SSM Session Manager, or
#   name the security groups allowed to connect.
# custom:
#   id: aws-eks-nodegroup-ssh-open
#   severity: high
#   resource_types: [aws.eks.nodegroup]
#   remediation: |-
#     Remote access cannot be changed on an existing node group: create a new one without remote
#     access (or with source security groups), move the workloads, delete the old one.
#     Console: EKS > Clusters > <cluster> > Compute > Add node group > Configure remote access: off,
#     or "Allow SSH remote access from: Selected security groups".
#     CLI: aws eks create-nodegroup --cluster-name <cluster> --nodegroup-name <new> ...
#     --remote-access ec2SshKey=<key>,sourceSecurityGroups=<sg-id> (or no --remote-access), then
#     aws eks delete-nodegroup --cluster-name <cluster> --nodegroup-name <old>.
package stance.rules.aws.eks.nodegroup_ssh_open

import rego.v1

group := input.resource.config

remote := object.get(group, "remoteAccess", null)

deny contains {"msg": msg} if {
	is_string(remote.ec2SshKey)
	count(object.get(remote, "sourceSecurityGroups", [])) == 0
	msg := sprintf("EKS node group %s: SSH (port 22) to its nodes is open to 0.0.0.0/0 (key pair %s, no source security groups)", [input.resource.name, remote.ec2SshKey])
}
