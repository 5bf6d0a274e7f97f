# METADATA
# title: Security group allows SSH or RDP from the whole internet
# description: >-
#   A security group rule lets any IPv4 (0.0.0.0/0) or IPv6 (::/0) address reach a remote
#   administration port (22 SSH, 3389 RDP), directly or through an "all traffic" rule or a port
#   range that covers it. Such ports are scanned and brute-forced within minutes of exposure.
# custom:
#   id: aws-ec2-sg-admin-port-open-to-world
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     Console: EC2 > Network & Security > Security Groups > select the group > Inbound rules >
#     Edit inbound rules; delete the rule for port 22/3389 (or "All traffic") whose source is
#     0.0.0.0/0 or ::/0, or narrow the source to your administration network. Prefer Session
#     Manager or a VPN over exposing admin ports.
#     CLI: aws ec2 revoke-security-group-ingress --group-id <GroupId> --ip-permissions
#     'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'
#     (use Ipv6Ranges=[{CidrIpv6=::/0}] for IPv6, port 3389 for RDP, IpProtocol=-1 for all traffic)
package stance.rules.aws.ec2.sg_admin_port_open_to_world

import rego.v1

admin_ports := {22: "SSH", 3389: "RDP"}

# "-1" is every protocol and port; "6" is TCP by number.
reaches(permission, _) if permission.IpProtocol == "-1"

reaches(permission, port) if {
	permission.IpProtocol in {"tcp", "6"}
	permission.FromPort <= port
	port <= permission.ToPort
}

world_sources(permission) := {r.CidrIp | some r in object.get(permission, "IpRanges", []); r.CidrIp == "0.0.0.0/0"} | {r.CidrIpv6 |
	some r in object.get(permission, "Ipv6Ranges", [])
	r.CidrIpv6 == "::/0"
}

deny contains {"msg": msg, "port": port, "source": source} if {
	some permission in object.get(input.resource.config, "IpPermissions", [])
	some port, service in admin_ports
	reaches(permission, port)
	some source in world_sources(permission)
	msg := sprintf("security group %s allows %s (port %d) from %s", [input.resource.config.GroupId, service, port, source])
}
