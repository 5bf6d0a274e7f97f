# METADATA
# title: AWS Security Hub is not enabled in the region
# description: >-
#   Security Hub is not enabled, so findings from GuardDuty, Inspector, Macie, IAM Access Analyzer
#   and the security standards' checks are not collected in one place for this region.
# custom:
#   id: aws-securityhub-enabled
#   severity: medium
#   resource_types: [aws.securityhub.region]
#   remediation: |-
#     Console: Security Hub (in the region) > Go to Security Hub > choose the security standards to
#     enable > Enable Security Hub (in an organization, enable it from the delegated administrator
#     with central configuration for all accounts and regions).
#     CLI: aws securityhub enable-security-hub --enable-default-standards --region <region>
package stance.rules.aws.securityhub.enabled

import rego.v1

unknown contains msg if {
	not is_boolean(object.get(input.resource.config, "Enabled", null))
	msg := sprintf("whether AWS Security Hub is enabled in region %s was not reported", [input.resource.region])
}

deny contains {"msg": msg} if {
	input.resource.config.Enabled == false
	msg := sprintf("AWS Security Hub is not enabled in region %s", [input.resource.region])
}
