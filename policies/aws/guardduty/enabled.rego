# METADATA
# title: GuardDuty is not enabled in the region
# description: >-
#   No enabled GuardDuty detector in the region: nobody is told about crypto-mining instances,
#   credential exfiltration, calls from known malicious addresses or reconnaissance there. Regions
#   where AWS does not offer GuardDuty do not apply.
# custom:
#   id: aws-guardduty-enabled
#   severity: high
#   resource_types: [aws.guardduty.region]
#   remediation: |-
#     Console: GuardDuty (in the region) > Get started > Enable GuardDuty (in an organization, enable
#     it from the delegated administrator for all accounts and regions, auto-enable new accounts).
#     CLI: aws guardduty create-detector --enable --region <region> (a disabled detector:
#     aws guardduty update-detector --detector-id <id> --enable)
package stance.rules.aws.guardduty.enabled

import data.stance.lib.guardduty as gd
import rego.v1

not_applicable if gd.not_offered

unknown contains msg if some msg in gd.unknown_base

deny contains {"msg": msg} if {
	is_array(gd.detectors)
	count(gd.unknown_base) == 0
	not gd.enabled
	msg := sprintf("GuardDuty is not enabled in region %s (%d detector(s), none enabled)", [input.resource.region, count(gd.detectors)])
}
