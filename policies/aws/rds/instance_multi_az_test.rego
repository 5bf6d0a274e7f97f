package stance.rules.aws.rds.instance_multi_az_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "Multi-AZ", "expect": "pass", "input": fx.rds_instance({})},
	{"name": "single zone", "expect": "fail", "input": fx.rds_instance({"MultiAZ": false, "AvailabilityZone": "eu-west-1a"})},
	{"name": "single zone, zone not reported", "expect": "fail", "input": fx.rds_instance({"MultiAZ": false})},
	{"name": "Aurora instance", "expect": "not_applicable", "input": fx.rds_instance({"Engine": "aurora-postgresql", "MultiAZ": false})},
	{"name": "MultiAZ not reported", "expect": "error", "input": json.remove(fx.rds_instance({}), ["resource/config/MultiAZ"])},
]

test_cases if harness.check_cases("aws.rds.instance_multi_az", cases)
