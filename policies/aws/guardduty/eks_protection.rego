# METADATA
# title: GuardDuty EKS Protection is not enabled in the region
# description: >-
#   GuardDuty does not analyse the Kubernetes audit logs of the region's EKS clusters, so anonymous
#   access, privileged pods, exposed dashboards and credential abuse inside clusters go unreported.
#   Off also when GuardDuty itself is off.
# custom:
#   id: aws-guardduty-eks-protection
#   severity: medium
#   resource_types: [aws.guardduty.region]
#   remediation: |-
#     Console: GuardDuty (in the region) > EKS Protection > Enable (in an organization: from the
#     delegated
#     administrator, for all member accounts, with auto-enable for new ones) > Save.
#     CLI: aws guardduty update-detector --detector-id <id> --region <region> --features
#     '[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]' (aws guardduty list-detectors gives the id; enable
#     GuardDuty first where it is off)
package stance.rules.aws.guardduty.eks_protection

import data.stance.lib.guardduty as gd
import rego.v1

not_applicable if gd.not_offered

unknown contains msg if some msg in gd.feature_unknown("EKS_AUDIT_LOGS")

deny contains {"msg": msg} if some msg in gd.feature_deny("EKS_AUDIT_LOGS", "EKS Protection")
