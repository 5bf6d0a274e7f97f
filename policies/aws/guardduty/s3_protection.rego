# METADATA
# title: GuardDuty S3 Protection is not enabled in the region
# description: >-
#   GuardDuty does not analyse S3 data events (object reads, writes and deletes) in the region,
#   so bucket data exfiltration, anomalous access from Tor or known bad addresses, and disabled
#   logging or public access changes go unnoticed. Off also when GuardDuty itself is off.
# custom:
#   id: aws-guardduty-s3-protection
#   severity: high
#   resource_types: [aws.guardduty.region]
#   remediation: |-
#     Console: GuardDuty (in the region) > S3 Protection > Enable (in an organization: from the delegated
#     administrator, for all member accounts, with auto-enable for new ones) > Save.
#     CLI: aws guardduty update-detector --detector-id <id> --region <region> --features
#     '[{"Name":"S3_DATA_EVENTS","Status":"ENABLED"}]' (aws guardduty list-detectors gives the id; enable
#     GuardDuty first where it is off)
package stance.rules.aws.guardduty.s3_protection

import data.stance.lib.guardduty as gd
import rego.v1

not_applicable if gd.not_offered

unknown contains msg if some msg in gd.feature_unknown("S3_DATA_EVENTS")

deny contains {"msg": msg} if some msg in gd.feature_deny("S3_DATA_EVENTS", "S3 Protection")
