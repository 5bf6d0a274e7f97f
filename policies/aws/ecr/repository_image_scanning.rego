# METADATA
# title: ECR repository does not scan images on push or continuously
# description: >-
#   Images pushed to the repository are not scanned for known vulnerabilities: neither the
#   registry's scanning rules (basic scan on push, enhanced scan on push or continuous scanning)
#   nor, under basic scanning, the repository's own scan-on-push setting cover it. Decided from
#   BatchGetRepositoryScanningConfiguration, which resolves the registry's filters for the
#   repository.
# custom:
#   id: aws-ecr-repository-image-scanning
#   severity: high
#   resource_types: [aws.ecr.repository]
#   remediation: |-
#     Console: Amazon ECR > Private registry > Settings > Scanning configuration > Edit: basic
#     scanning with "Scan on push" and a filter matching the repository (or "*"), or enhanced
#     scanning with continuous scanning > Save.
#     CLI: aws ecr put-registry-scanning-configuration --scan-type BASIC --rules
#     '[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]'
#     (or, repository by repository under basic scanning: aws ecr put-image-scanning-configuration
#     --repository-name <repo> --image-scanning-configuration scanOnPush=true)
package stance.rules.aws.ecr.repository_image_scanning

import rego.v1

config := input.resource.config

effective := object.get(config, "ScanningConfiguration", "not reported")

scans if effective.scanFrequency in {"SCAN_ON_PUSH", "CONTINUOUS_SCAN"}

scans if effective.scanOnPush == true

# Basic scanning honours the repository's own (older) scan-on-push setting.
scans if {
	config.stance.registryScanType == "BASIC"
	config.imageScanningConfiguration.scanOnPush == true
}

unknown contains msg if {
	not scans
	not is_object(effective)
	msg := sprintf("ECR repository %s: its effective scanning configuration was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(effective)
	not scans
	msg := sprintf("ECR repository %s is not scanned on push or continuously (scan frequency %v, registry scan type %v)", [input.resource.name, object.get(effective, "scanFrequency", "none"), object.get(config, ["stance", "registryScanType"], "unknown")])
}
