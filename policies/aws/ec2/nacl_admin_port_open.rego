# METADATA
# title: Network ACL allows SSH or RDP from the whole internet
# description: >-
#   An inbound network ACL entry allows TCP (or all protocols) from 0.0.0.0/0 or ::/0 to port 22
#   (SSH) or 3389 (RDP), and no lower-numbered entry denies that same traffic first (entries are
#   evaluated in RuleNumber order and the first match wins). The subnet then relies on security
#   groups alone to keep remote administration ports closed.
# custom:
#   id: aws-ec2-nacl-admin-port-open
#   severity: medium
#   resource_types: [aws.ec2.network_acl]
#   remediation: |-
#     Console: VPC > Network ACLs > select the ACL > Inbound rules > Edit inbound rules; change the
#     allow entry's source to your administration network, or add a deny entry for TCP 22 and 3389
#     from 0.0.0.0/0 (and ::/0) with a lower rule number than the allow > Save changes.
#     CLI: aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 50
#     --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny
#     (again for 3389, and with --ipv6-cidr-block ::/0), or
#     aws ec2 replace-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number <n>
#     --protocol tcp --port-range From=22,To=22 --cidr-block <admin-cidr> --rule-action allow
package stance.rules.aws.ec2.nacl_admin_port_open

import data.stance.lib.aws
import rego.v1

config := input.resource.config

world := {"0.0.0.0/0": "CidrBlock", "::/0": "Ipv6CidrBlock"}

# An inbound entry matching every packet from `source` to TCP `port`.
matches(entry, source, port) if {
	entry.Egress == false
	entry[world[source]] == source
	covers_tcp_port(entry, port)
}

covers_tcp_port(entry, _) if entry.Protocol == "-1"

covers_tcp_port(entry, port) if {
	entry.Protocol == "6"
	range := object.get(entry, "PortRange", {"From": 0, "To": 65535})
	range.From <= port
	port <= range.To
}

# The entry that decides traffic from `source` to `port`: the matching one with the lowest RuleNumber.
deciding(source, port) := entry if {
	matching := [e | some e in config.Entries; matches(e, source, port)]
	first := min([e.RuleNumber | some e in matching])
	some entry in matching
	entry.RuleNumber == first
}

unknown contains msg if {
	not is_array(object.get(config, "Entries", null))
	msg := sprintf("network ACL %s: Entries were not reported", [object.get(config, "NetworkAclId", input.resource.name)])
}

exposures contains {"port": port, "service": service, "source": source, "rule": entry.RuleNumber} if {
	some port, service in aws.admin_ports
	some source, _ in world
	entry := deciding(source, port)
	entry.RuleAction == "allow"
}

deny contains {"msg": msg, "port": e.port, "source": e.source} if {
	some e in exposures
	msg := sprintf("network ACL %s allows %s (port %d) from %s (rule %d)", [config.NetworkAclId, e.service, e.port, e.source, e.rule])
}
