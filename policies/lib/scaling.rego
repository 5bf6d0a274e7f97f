# METADATA
# title: Workload replicas
# description: >-
#   How many replicas a Deployment or StatefulSet runs at least: its HorizontalPodAutoscaler's
#   minReplicas when one targets it (joined as config.stance.autoscaler), else spec.replicas
#   (default 1).
package stance.lib.scaling

import rego.v1

cfg := input.resource.config

scaled_kinds := {"Deployment", "StatefulSet"}

autoscaler := object.get(cfg, ["stance", "autoscaler"], {"collected": false, "reason": "HorizontalPodAutoscalers were not joined to this object"})

replicas := object.get(object.get(cfg, "spec", {}), "replicas", 1)

found if autoscaler.found == true

# The autoscaler's floor (minReplicas defaults to 1).
minimum := object.get(autoscaler, "minReplicas", 1) if found

minimum := replicas if {
	autoscaler.collected == true
	not found
}

# Not joined: spec.replicas is a floor only when an autoscaler could not lower it, which is not known;
# at 2 or more it is taken as the count (an autoscaler usually scales up from it).
minimum := replicas if {
	autoscaler.collected != true
	replicas >= 2
}

known if minimum

unknown_reason := object.get(autoscaler, "reason", "not collected")

how := sprintf("HorizontalPodAutoscaler %s has minReplicas %d", [autoscaler.name, minimum]) if found

how := sprintf("spec.replicas is %d", [replicas]) if not found
