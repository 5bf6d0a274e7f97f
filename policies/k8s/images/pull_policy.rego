# METADATA
# title: Image pull policy is not Always for an image that is not pinned by digest
# description: >-
#   With IfNotPresent (or Never) a node reuses whatever image it cached under the tag, so replicas
#   on different nodes can run different content after the tag moves, and a Pod can start from an
#   image another Pod pulled with credentials it does not have itself. When imagePullPolicy is not
#   set, Kubernetes uses Always for an image without a tag or tagged latest and IfNotPresent for any
#   other tag; this rule judges that effective policy. Every tag can be moved, so every reference
#   not pinned by digest counts as mutable (kube-score and Polaris check the policy on every image;
#   the Kubernetes documentation describes tags as movable and digests as fixed). Checked on
#   regular and init containers, outside the system namespaces.
# custom:
#   id: k8s-image-pull-policy-not-always
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Pin the image by digest (then any pull policy is safe), or pull it on every start:
#       containers:
#         - name: app
#           image: registry.example/app:1.4.2
#           imagePullPolicy: Always
#     Cluster-wide, the AlwaysPullImages admission plugin forces Always. Then: kubectl apply -f <manifest>.
package stance.rules.k8s.images.pull_policy

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.hygiene_applies(input.resource.config)

# What the API server defaults an unset imagePullPolicy to.
set_policy(c) := c.imagePullPolicy if is_string(c.imagePullPolicy)

effective(c) := set_policy(c)

effective(c) := "Always" if {
	not set_policy(c)
	k8s.latest_tag(c.image)
}

effective(c) := "IfNotPresent" if {
	not set_policy(c)
	not k8s.latest_tag(c.image)
}

how(c) := "imagePullPolicy" if set_policy(c)

how(c) := "the default imagePullPolicy" if not set_policy(c)

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.imaged_containers(input.resource.config)
	c := entry.container
	not k8s.digest_pinned(c.image)
	policy := effective(c)
	policy != "Always"
	msg := sprintf("%s pulls %s (a tag, not a digest) with %s %s", [entry.ref, c.image, how(c), policy])
}
