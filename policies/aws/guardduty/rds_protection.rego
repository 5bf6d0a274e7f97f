# METADATA
# title: GuardDuty RDS Protection is not enabled in the region
# description: >-
#   GuardDuty does not analyse login activity of the region's Aurora and RDS databases, so brute
#   force and logins from unusual or malicious sources are not reported. Off also when GuardDuty
#   itself is off.
# custom:
#   id: aws-guardduty-rds-protection
#   severity: high
#   resource_types: [aws.guardduty.region]
#   remediation: |-
#     Console: GuardDuty (in the region) > RDS Protection > Enable (in an organization: from the delegated
#     administrator, for all member accounts, with auto-enable for new ones) > Save.
#     CLI: aws guardduty update-detector --detector-id <id> --region <region> --features
#     '[{"Name":"RDS_LOGIN_EVENTS","Status":"ENABLED"}]' (aws guardduty list-detectors gives the id; enable
#     GuardDuty first where it is off)
package stance.rules.aws.guardduty.rds_protection

import data.stance.lib.guardduty as gd
import rego.v1

not_applicable if gd.not_offered

unknown contains msg if some msg in gd.feature_unknown("RDS_LOGIN_EVENTS")

deny contains {"msg": msg} if some msg in gd.feature_deny("RDS_LOGIN_EVENTS", "RDS Protection")
