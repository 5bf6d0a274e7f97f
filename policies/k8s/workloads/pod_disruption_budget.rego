# METADATA
# title: Replicated workload has no PodDisruptionBudget
# description: >-
#   Node drains (upgrades, autoscaler scale-down) evict Pods without regard for the application
#   unless a PodDisruptionBudget limits how many may be down at once; the Kubernetes documentation
#   recommends one for every application that runs several replicas. A single-replica workload is
#   left to k8s-workload-single-replica (a budget cannot keep one Pod up through a drain, and the
#   documentation lists no budget as a valid choice for it). The budgets of the namespace are
#   joined from the collected objects by their selectors (an empty selector selects every Pod of
#   the namespace); when PodDisruptionBudgets were not collected the rule reports error rather
#   than guess. A manifest scan counts the budgets in the scanned paths. Outside the system
#   namespaces.
# custom:
#   id: k8s-workload-pdb-missing
#   severity: low
#   resource_types: [k8s.deployment, k8s.statefulset]
#   remediation: |-
#     Add a PodDisruptionBudget selecting the workload's Pods:
#       apiVersion: policy/v1
#       kind: PodDisruptionBudget
#       metadata: {name: <name>, namespace: <namespace>}
#       spec:
#         maxUnavailable: 1
#         selector:
#           matchLabels: <the workload's pod template labels>
#     kubectl apply -f pdb.yaml
package stance.rules.k8s.workloads.pod_disruption_budget

import data.stance.lib.k8s
import data.stance.lib.scaling
import rego.v1

budgets := object.get(scaling.cfg, ["stance", "podDisruptionBudgets"], {"collected": false, "reason": "PodDisruptionBudgets were not joined to this object"})

covered if count(object.get(budgets, "names", [])) > 0

not_applicable if not scaling.cfg.kind in scaling.scaled_kinds

not_applicable if k8s.in_system_namespace

not_applicable if scaling.minimum < 2

unknown contains msg if {
	not scaling.known
	not covered
	msg := sprintf("spec.replicas is %d and whether a HorizontalPodAutoscaler scales %s %s is not known (%s)", [scaling.replicas, scaling.cfg.kind, input.resource.name, scaling.unknown_reason])
}

unknown contains msg if {
	scaling.minimum >= 2
	not covered
	budgets.collected != true
	msg := sprintf("whether a PodDisruptionBudget covers %s %s is not known (%s)", [scaling.cfg.kind, input.resource.name, object.get(budgets, "reason", "not collected")])
}

deny contains {"msg": msg} if {
	scaling.minimum >= 2
	budgets.collected == true
	not covered
	msg := sprintf("no PodDisruptionBudget selects the Pods of %s %s (%s)", [scaling.cfg.kind, input.resource.name, scaling.how])
}
