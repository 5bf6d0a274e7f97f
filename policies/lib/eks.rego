# METADATA
# title: EKS helpers
# description: >-
#   Reading aws.eks.cluster resources (DescribeCluster's cluster, docs/aws-resources.md): endpoint
#   access flags and control plane logging.
package stance.lib.eks

import rego.v1

# Why a flag of resourcesVpcConfig that DescribeCluster always reports is not known.
unreported(cluster, flag) := msg if {
	not is_boolean(object.get(cluster, ["resourcesVpcConfig", flag], null))
	msg := sprintf("EKS cluster %s: resourcesVpcConfig.%s was not reported", [object.get(cluster, "name", "?"), flag])
}

# Where the public endpoint accepts connections from.
public_sources(cluster) := concat(", ", cluster.resourcesVpcConfig.publicAccessCidrs) if {
	count(object.get(cluster.resourcesVpcConfig, "publicAccessCidrs", [])) > 0
}

default public_sources(_) := "0.0.0.0/0"

# The control plane log types EKS can send to CloudWatch Logs.
log_types := {"api", "audit", "authenticator", "controllerManager", "scheduler"}

logging_reported(cluster) if is_array(cluster.logging.clusterLogging)

logging_unreported(cluster) := msg if {
	not logging_reported(cluster)
	msg := sprintf("EKS cluster %s: logging.clusterLogging was not reported", [object.get(cluster, "name", "?")])
}

enabled_log_types(cluster) := {t |
	some setup in cluster.logging.clusterLogging
	setup.enabled == true
	some t in setup.types
}
