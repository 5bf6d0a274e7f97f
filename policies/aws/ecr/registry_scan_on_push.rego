# METADATA
# title: ECR registry has no scanning rule for every repository
# description: >-
#   The region's private registry has no scanning rule with the filter "*" that scans on push or
#   continuously, so a repository created tomorrow is not scanned unless someone remembers to
#   configure it. Regions without repositories, or where AWS does not offer ECR, do not apply.
# custom:
#   id: aws-ecr-registry-scan-on-push
#   severity: medium
#   resource_types: [aws.ecr.registry]
#   remediation: |-
#     Console: Amazon ECR (in the region) > Private registry > Settings > Scanning configuration >
#     Edit > add a rule: Scan on push (basic) or Continuous scanning (enhanced), filter "*" > Save.
#     CLI: aws ecr put-registry-scanning-configuration --region <region> --scan-type BASIC --rules
#     '[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]'
package stance.rules.aws.ecr.registry_scan_on_push

import rego.v1

config := input.resource.config

not_applicable if config.Offered == false

not_applicable if config.RepositoryCount == 0

rules := object.get(config, ["scanningConfiguration", "rules"], "not reported")

covers_all if {
	some rule in rules
	rule.scanFrequency in {"SCAN_ON_PUSH", "CONTINUOUS_SCAN"}
	some f in rule.repositoryFilters
	f.filter == "*"
}

unknown contains msg if {
	not config.Offered == false
	not is_array(rules)
	msg := sprintf("ECR registry in region %s: its scanning configuration was not reported", [input.resource.region])
}

deny contains {"msg": msg} if {
	is_array(rules)
	not covers_all
	msg := sprintf("ECR registry in region %s (%v repositories) has no scan-on-push or continuous scanning rule for all repositories (scan type %v)", [input.resource.region, object.get(config, "RepositoryCount", "?"), object.get(config, ["scanningConfiguration", "scanType"], "unknown")])
}
