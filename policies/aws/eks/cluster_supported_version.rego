# METADATA
# title: EKS cluster runs a Kubernetes version past its standard support
# description: >-
#   Amazon EKS supports a Kubernetes minor version for 14 months after its release on EKS (standard
#   support), then for 12 more at an extra charge (extended support), after which it upgrades the
#   control plane on its own schedule. A version past standard support gets fixes only at a price,
#   and past extended support none. The dates are the Amazon EKS release calendar, by version
#   (the table below, as of December 2026); a version newer than the table's newest is in
#   standard support. AWS FSBP EKS.2.
# custom:
#   id: aws-eks-cluster-supported-version
#   severity: high
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     Upgrade the control plane one minor version at a time, then the node groups and add-ons
#     (check deprecated APIs first, e.g. with EKS upgrade insights).
#     Console: EKS > Clusters > <cluster> > Upgrade now > next version > Update.
#     CLI: aws eks update-cluster-version --region <region> --name <cluster> --kubernetes-version <next>,
#     then aws eks update-nodegroup-version --cluster-name <cluster> --nodegroup-name <group> for each
#     node group.
package stance.rules.aws.eks.cluster_supported_version

import data.stance.lib.dates
import rego.v1

# Amazon EKS Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html):
# minor version -> end of standard support, end of extended support (UTC days; support ends as the day begins).
calendar := {
	23: ["2023-10-11", "2024-10-11"],
	24: ["2024-01-31", "2025-01-31"],
	25: ["2024-05-01", "2025-05-01"],
	26: ["2024-06-11", "2025-06-11"],
	27: ["2024-07-24", "2025-07-24"],
	28: ["2024-11-26", "2025-11-26"],
	29: ["2025-03-23", "2026-03-23"],
	30: ["2025-07-23", "2026-07-23"],
	31: ["2025-11-26", "2026-11-26"],
	32: ["2026-03-23", "2027-03-23"],
	33: ["2026-07-29", "2027-07-29"],
	34: ["2026-12-02", "2027-12-02"],
	35: ["2027-03-27", "2028-03-27"],
}

oldest := min(object.keys(calendar))

cluster := input.resource.config

version := object.get(cluster, "version", null)

# "1.29" -> 29
minor := to_number(parts[1]) if {
	is_string(version)
	regex.match(`^1\.[0-9]{1,3}$`, version)
	parts := split(version, ".")
}

unknown contains msg if {
	not minor
	msg := sprintf("EKS cluster %s: Kubernetes version %v is not a version the rule can read", [input.resource.name, version])
}

now := input.context.now_ns

deny contains {"msg": msg} if {
	minor < oldest
	msg := sprintf("EKS cluster %s runs Kubernetes %s, which EKS no longer supports (before 1.%d)", [input.resource.name, version, oldest])
}

deny contains {"msg": msg} if {
	[standard, extended] := calendar[minor]
	now >= dates.ns(standard)
	now < dates.ns(extended)
	msg := sprintf("EKS cluster %s runs Kubernetes %s, past the end of standard support (%s); paid extended support ends %s", [input.resource.name, version, standard, extended])
}

deny contains {"msg": msg} if {
	[_, extended] := calendar[minor]
	now >= dates.ns(extended)
	msg := sprintf("EKS cluster %s runs Kubernetes %s, past the end of extended support (%s): EKS upgrades its control plane on its own schedule", [input.resource.name, version, extended])
}
