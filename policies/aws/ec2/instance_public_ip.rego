# METADATA
# title: EC2 instance has a public IP address
# description: >-
#   The instance has a public IPv4 address, so every port its security groups open is reachable
#   from the internet; instances belong in private subnets behind load balancers or NAT.
# custom:
#   id: aws-ec2-instance-public-ip
#   severity: high
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     Move the workload to an instance in a private subnet (subnet with MapPublicIpOnLaunch off) behind a
#       load balancer or NAT gateway; release any Elastic IP associated with it.
#       Console: EC2 > Instances > Launch instance > Network settings > a private subnet, Auto-assign public IP
#       "Disable"; EC2 > Elastic IPs > Disassociate.
#       CLI: aws ec2 disassociate-address --association-id <id>; aws ec2 modify-subnet-attribute --subnet-id
#       <subnet> --no-map-public-ip-on-launch
package stance.rules.aws.ec2.instance_public_ip

import rego.v1

instance := input.resource.config

id := object.get(instance, "InstanceId", input.resource.name)

not_applicable if instance.State.Name in {"shutting-down", "terminated"}

deny contains {"msg": msg} if {
	ip := object.get(instance, "PublicIpAddress", "")
	ip != ""
	msg := sprintf("EC2 instance %s has public IP address %s", [id, ip])
}
