# METADATA
# title: AWS helpers
# description: Security group rule analysis shared by the EC2 rules.
package stance.lib.aws

import rego.v1

# Remote administration ports CIS AWS names: SSH and RDP.
admin_ports := {22: "SSH", 3389: "RDP"}

# "-1" is every protocol and port; "6" is TCP by number.
reaches(permission, _) if permission.IpProtocol == "-1"

reaches(permission, port) if {
	permission.IpProtocol in {"tcp", "6"}
	permission.FromPort <= port
	port <= permission.ToPort
}

# The internet-wide sources of an ingress permission for one address family ("ipv4" or "ipv6").
world_sources(permission, "ipv4") := {r.CidrIp | some r in object.get(permission, "IpRanges", []); r.CidrIp == "0.0.0.0/0"}

world_sources(permission, "ipv6") := {r.CidrIpv6 | some r in object.get(permission, "Ipv6Ranges", []); r.CidrIpv6 == "::/0"}

# Every (port, service, source) by which the internet reaches an admin port of a security group.
admin_port_exposures(group, family) := {{"port": port, "service": service, "source": source} |
	some permission in object.get(group, "IpPermissions", [])
	some port, service in admin_ports
	reaches(permission, port)
	some source in world_sources(permission, family)
}

# A value that may be one item or a list of items, as a list.
as_list(x) := x if is_array(x)

as_list(x) := [x] if not is_array(x)

# The statements of an IAM policy document: Statement may be one object or a list.
statements(doc) := as_list(doc.Statement)

default statements(_) := []

# An access key as messages name it: its id from ListAccessKeys, or its slot in the credential report.
key_label(key) := key.AccessKeyId

key_label(key) := sprintf("#%d (credential report slot)", [key.Slot]) if not key.AccessKeyId

# --- Facts that were not reported ---

# The trail facts (DescribeTrails item with its GetTrailStatus and GetEventSelectors answers) that
# the CloudTrail rules judge, by name; a trail missing one cannot be judged on it.
reported(trail, "IsMultiRegionTrail") if is_boolean(trail.IsMultiRegionTrail)

reported(trail, "Status.IsLogging") if is_boolean(trail.Status.IsLogging)

reported(trail, "event selectors") if is_array(trail.EventSelectors)

reported(trail, "event selectors") if is_array(trail.AdvancedEventSelectors)

trail_facts := ["IsMultiRegionTrail", "Status.IsLogging", "event selectors"]

trail_missing_facts(trail) := [fact | some fact in trail_facts; not reported(trail, fact)]

# The field is present, possibly null (a collector's "none"): absent means not reported.
present_or_null(config, field) if _ = config[field]
