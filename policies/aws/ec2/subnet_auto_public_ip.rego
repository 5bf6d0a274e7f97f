# METADATA
# title: Subnet gives new instances public IP addresses automatically
# description: >-
#   MapPublicIpOnLaunch is on, so every instance launched in the subnet gets a public IPv4
#   address unless its launcher remembers to refuse one.
# custom:
#   id: aws-ec2-subnet-auto-public-ip
#   severity: medium
#   resource_types: [aws.ec2.subnet]
#   remediation: |-
#     Console: VPC > Subnets > select the subnet > Actions > Edit subnet settings > clear "Enable auto-assign
#       public IPv4 address" > Save.
#       CLI: aws ec2 modify-subnet-attribute --subnet-id <id> --no-map-public-ip-on-launch
package stance.rules.aws.ec2.subnet_auto_public_ip

import rego.v1

subnet := input.resource.config

id := object.get(subnet, "SubnetId", input.resource.name)

unknown contains msg if {
	not is_boolean(object.get(subnet, "MapPublicIpOnLaunch", null))
	msg := sprintf("subnet %s: MapPublicIpOnLaunch was not reported", [id])
}

deny contains {"msg": msg} if {
	subnet.MapPublicIpOnLaunch == true
	msg := sprintf("subnet %s (%s) assigns public IPv4 addresses on launch", [id, object.get(subnet, "CidrBlock", "")])
}
