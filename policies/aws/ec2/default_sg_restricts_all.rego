# METADATA
# title: Default security group of a VPC allows traffic
# description: >-
#   The VPC's security group named "default" has inbound or outbound rules. Anything launched
#   without an explicit security group lands in it, so it should allow nothing; out of the box it
#   lets members talk to each other and reach anywhere.
# custom:
#   id: aws-ec2-default-sg-restricts-all
#   severity: medium
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     First move any instance, interface or endpoint still using the default group to a purpose-made
#     group. Console: EC2 > Security Groups > select the group named "default" of the VPC >
#     Inbound rules > Edit inbound rules > Delete every rule > Save; same under Outbound rules.
#     CLI: aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions
#     '[{"IpProtocol":"-1","UserIdGroupPairs":[{"GroupId":"<sg-id>"}]}]' and
#     aws ec2 revoke-security-group-egress --group-id <sg-id> --ip-permissions
#     '[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]' (match the rules listed by
#     aws ec2 describe-security-groups --group-ids <sg-id>)
package stance.rules.aws.ec2.default_sg_restricts_all

import rego.v1

config := input.resource.config

not_applicable if object.get(config, "GroupName", "") != "default"

directions := {"IpPermissions": "inbound", "IpPermissionsEgress": "outbound"}

unknown contains msg if {
	some field, _ in directions
	not is_array(object.get(config, field, null))
	msg := sprintf("default security group %s: %s was not reported", [object.get(config, "GroupId", input.resource.name), field])
}

deny contains {"msg": msg} if {
	config.GroupName == "default"
	some field, direction in directions
	rules := count(config[field])
	rules > 0
	msg := sprintf("default security group %s of %s has %d %s rule(s)", [config.GroupId, object.get(config, "VpcId", "EC2-Classic"), rules, direction])
}
