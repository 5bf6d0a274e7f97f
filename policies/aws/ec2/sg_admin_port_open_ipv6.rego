# METADATA
# title: Security group allows SSH or RDP from the whole IPv6 internet
# description: >-
#   An ingress rule lets any IPv6 address (::/0) reach a remote administration port (22 SSH,
#   3389 RDP), directly, through a port range that covers it, or through an "all traffic" rule.
#   Exposed admin ports are scanned and brute-forced within minutes.
# custom:
#   id: aws-ec2-sg-admin-port-open-ipv6
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     Console: EC2 > Network & Security > Security Groups > select the group > Inbound rules >
#     Edit inbound rules; delete the rule for port 22/3389 (or "All traffic") whose source is
#     ::/0, or narrow the source to your administration network. Prefer Session Manager or a
#     VPN over exposing admin ports.
#     CLI: aws ec2 revoke-security-group-ingress --group-id <GroupId> --ip-permissions
#     'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'
#     (port 3389 for RDP; IpProtocol=-1 without ports for an all-traffic rule)
package stance.rules.aws.ec2.sg_admin_port_open_ipv6

import data.stance.lib.aws
import rego.v1

unknown contains msg if {
	not is_array(object.get(input.resource.config, "IpPermissions", null))
	msg := sprintf("security group %s: IpPermissions were not reported", [object.get(input.resource.config, "GroupId", input.resource.name)])
}

deny contains {"msg": msg, "port": exposure.port, "source": exposure.source} if {
	some exposure in aws.admin_port_exposures(input.resource.config, "ipv6")
	msg := sprintf("security group %s allows %s (port %d) from %s", [input.resource.config.GroupId, exposure.service, exposure.port, exposure.source])
}
