package stance.rules.aws.apigateway.rest_cache_encrypted_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.rest_cache_encrypted as rule
import rego.v1

cases := [
	{"name": "caching off", "expect": "not_applicable", "input": fx.rest_stage({})},
	{"name": "caching encrypted", "expect": "pass", "input": fx.rest_stage({"cacheClusterEnabled": true, "methodSettings": {"*/*": {"cachingEnabled": true, "cacheDataEncrypted": true}}})},
	{"name": "caching unencrypted", "expect": "fail", "input": fx.rest_stage({"cacheClusterEnabled": true, "methodSettings": {"*/*": {"cachingEnabled": true, "cacheDataEncrypted": false}}})},
	{"name": "cluster on, methods not caching", "expect": "pass", "input": fx.rest_stage({"cacheClusterEnabled": true})},
]

test_cases if harness.check_cases("aws.apigateway.rest_cache_encrypted", cases)

test_message if {
	some f in rule.deny with input as fx.rest_stage({"cacheClusterEnabled": true, "methodSettings": {"*/*": {"cachingEnabled": true, "cacheDataEncrypted": false}}})
	f.msg == "orders stage prod caches */* responses unencrypted"
}
