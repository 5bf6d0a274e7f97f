package stance.rules.aws.ecr.registry_scan_on_push_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

rules(r) := fx.ecr_registry({"scanningConfiguration": {"scanType": "BASIC", "rules": r}})

cases := [
	{"name": "scan on push for *", "expect": "pass", "input": fx.ecr_registry({})},
	{"name": "continuous scanning for *", "expect": "pass", "input": fx.ecr_registry({"scanningConfiguration": {"scanType": "ENHANCED", "rules": [{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}]}})},
	{"name": "no rules", "expect": "fail", "input": rules([])},
	{"name": "rule for some repositories only", "expect": "fail", "input": rules([{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "prod-*", "filterType": "WILDCARD"}]}])},
	{"name": "manual rule for *", "expect": "fail", "input": rules([{"scanFrequency": "MANUAL", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}])},
	{"name": "no repositories in the region", "expect": "not_applicable", "input": object.union(rules([]), {"resource": {"config": {"RepositoryCount": 0}}})},
	{"name": "ECR not offered in the region", "expect": "not_applicable", "input": fx.not_offered("aws.ecr.registry", "ecr-registry")},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.ecr_registry({}), ["resource/config/scanningConfiguration"])},
]

test_cases if harness.check_cases("aws.ecr.registry_scan_on_push", cases)
