package stance.rules.aws.s3.bucket_replication_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

replication(status) := {"ReplicationConfiguration": {"Role": "arn:aws:iam::111122223333:role/s3-replication", "Rules": [{"ID": "dr", "Priority": 1, "Status": status, "Filter": {}, "Destination": {"Bucket": "arn:aws:s3:::acme-invoices-dr"}}]}}

cases := [
	{"name": "an enabled replication rule", "expect": "pass", "input": fx.s3_bucket(replication("Enabled"))},
	{"name": "no replication configuration", "expect": "fail", "input": fx.s3_bucket({})},
	{"name": "only a disabled rule", "expect": "fail", "input": fx.s3_bucket(replication("Disabled"))},
	{"name": "replication not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/ReplicationConfiguration"])},
]

test_cases if harness.check_cases("aws.s3.bucket_replication", cases)
