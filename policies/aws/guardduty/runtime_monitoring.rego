# METADATA
# title: GuardDuty Runtime Monitoring is not enabled in the region
# description: >-
#   GuardDuty does not watch process, file and network activity on the region's EC2 instances, EKS
#   clusters and ECS tasks, so threats visible only inside a workload (a reverse shell, a miner
#   started in a container) go unreported. Off also when GuardDuty itself is off.
# custom:
#   id: aws-guardduty-runtime-monitoring
#   severity: medium
#   resource_types: [aws.guardduty.region]
#   remediation: |-
#     Console: GuardDuty (in the region) > Runtime Monitoring > Enable (in an organization: from the delegated
#     administrator, for all member accounts, with auto-enable for new ones) > Save.
#     CLI: aws guardduty update-detector --detector-id <id> --region <region> --features
#     '[{"Name":"RUNTIME_MONITORING","Status":"ENABLED"}]' (aws guardduty list-detectors gives the id; enable
#     GuardDuty first where it is off)
package stance.rules.aws.guardduty.runtime_monitoring

import data.stance.lib.guardduty as gd
import rego.v1

not_applicable if gd.not_offered

unknown contains msg if some msg in gd.feature_unknown("RUNTIME_MONITORING")

deny contains {"msg": msg} if some msg in gd.feature_deny("RUNTIME_MONITORING", "Runtime Monitoring")
