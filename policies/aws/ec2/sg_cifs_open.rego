# METADATA
# title: Security group allows CIFS/SMB (TCP 445) from the whole internet
# description: >-
#   An ingress rule lets any IPv4 (0.0.0.0/0) or IPv6 (::/0) address reach TCP port 445, directly,
#   through a port range that covers it, or through an "all traffic" rule. SMB exposed to the
#   internet is a favourite target of worms and ransomware.
# custom:
#   id: aws-ec2-sg-cifs-open
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     Console: EC2 > Network & Security > Security Groups > select the group > Inbound rules > Edit
#     inbound rules; delete the rule for port 445 (or "All traffic") whose source is 0.0.0.0/0 or
#     ::/0, or narrow the source to the networks that need file shares > Save rules.
#     CLI: aws ec2 revoke-security-group-ingress --group-id <GroupId> --ip-permissions
#     'IpProtocol=tcp,FromPort=445,ToPort=445,IpRanges=[{CidrIp=0.0.0.0/0}]'
#     (Ipv6Ranges=[{CidrIpv6=::/0}] for IPv6; IpProtocol=-1 without ports for an all-traffic rule)
package stance.rules.aws.ec2.sg_cifs_open

import data.stance.lib.aws
import rego.v1

port := 445

unknown contains msg if {
	not is_array(object.get(input.resource.config, "IpPermissions", null))
	msg := sprintf("security group %s: IpPermissions were not reported", [object.get(input.resource.config, "GroupId", input.resource.name)])
}

exposures contains source if {
	some permission in object.get(input.resource.config, "IpPermissions", [])
	aws.reaches(permission, port)
	some family in ["ipv4", "ipv6"]
	some source in aws.world_sources(permission, family)
}

deny contains {"msg": msg, "port": port, "source": source} if {
	some source in exposures
	msg := sprintf("security group %s allows CIFS/SMB (TCP %d) from %s", [input.resource.config.GroupId, port, source])
}
