# Test-only helpers shared by the AWS rule tests: resources in the collector's shape (docs/aws-resources.md).
package stance.lib.testing.aws

import rego.v1

account := "111122223333"

# 2025-11-23T12:13:20Z
now_ns := 1763900000000000000

ctx(region) := {"now_ns": now_ns, "provider": "aws", "account": account, "region": region}

resource(type, id, name, region, config) := {
	"resource": {
		"id": id,
		"type": type,
		"provider": "aws",
		"account": account,
		"region": region,
		"name": name,
		"tags": {},
		"config": config,
	},
	"context": ctx(region),
}

# A credential report row of the root user, nothing used or active.
root_row := {
	"user": "<root_account>",
	"arn": "arn:aws:iam::111122223333:root",
	"user_creation_time": "2019-04-02T08:00:00+00:00",
	"password_enabled": "not_supported",
	"password_last_used": "2024-02-11T09:30:00+00:00",
	"password_last_changed": "not_supported",
	"password_next_rotation": "not_supported",
	"mfa_active": "true",
	"access_key_1_active": "false",
	"access_key_1_last_rotated": "N/A",
	"access_key_1_last_used_date": "N/A",
	"access_key_1_last_used_region": "N/A",
	"access_key_1_last_used_service": "N/A",
	"access_key_2_active": "false",
	"access_key_2_last_rotated": "N/A",
	"access_key_2_last_used_date": "N/A",
	"access_key_2_last_used_region": "N/A",
	"access_key_2_last_used_service": "N/A",
	"cert_1_active": "false",
	"cert_1_last_rotated": "N/A",
	"cert_2_active": "false",
	"cert_2_last_rotated": "N/A",
}

account_summary := {
	"AccountAccessKeysPresent": 0,
	"AccountMFAEnabled": 1,
	"AccountSigningCertificatesPresent": 0,
	"AttachedPoliciesPerGroupQuota": 10,
	"Groups": 4,
	"Policies": 17,
	"Roles": 42,
	"Users": 9,
	"MFADevices": 6,
	"MFADevicesInUse": 6,
}

# The account resource; each argument is merged over a compliant default.
iam_account(root, summary, config) := resource(
	"aws.iam.account",
	"aws://111122223333/global/account",
	account,
	"global",
	object.union(
		{
			"AccountSummary": object.union(account_summary, summary),
			"Root": object.union(root_row, root),
			"VirtualMFADevices": [],
			"stance": {"supportRoles": ["incident-support"], "supportPolicyAttached": true},
		},
		config,
	),
)

# A credential report row of an IAM user; fields merged over a user with nothing enabled.
user_row(fields) := object.union(
	object.union(root_row, {
		"user": "alice",
		"arn": "arn:aws:iam::111122223333:user/alice",
		"user_creation_time": "2024-03-01T09:12:44+00:00",
		"password_enabled": "false",
		"password_last_used": "N/A",
		"password_last_changed": "N/A",
		"password_next_rotation": "N/A",
		"mfa_active": "false",
	}),
	fields,
)

access_key(id, status, created, last_used) := {
	"UserName": "alice",
	"AccessKeyId": id,
	"Status": status,
	"CreateDate": created,
	"LastUsed": last_used_of(last_used),
}

last_used_of(null) := {"ServiceName": "N/A", "Region": "N/A"}

last_used_of(date) := {"LastUsedDate": date, "ServiceName": "s3", "Region": "eu-west-1"} if date != null

# An IAM user; config fields merged over a user with no credentials and group-only permissions.
iam_user(config) := resource(
	"aws.iam.user",
	"arn:aws:iam::111122223333:user/alice",
	"alice",
	"global",
	object.union(
		{
			"Path": "/",
			"UserName": "alice",
			"UserId": "AIDAEXAMPLEALICE00001",
			"Arn": "arn:aws:iam::111122223333:user/alice",
			"CreateDate": "2024-03-01T09:12:44Z",
			"GroupList": ["developers"],
			"AttachedManagedPolicies": [],
			"UserPolicyList": [],
			"Tags": [],
			"MFADevices": [],
			"AccessKeys": [],
			"CredentialReport": user_row({}),
		},
		config,
	),
)

strong_password_policy := {
	"MinimumPasswordLength": 16,
	"RequireSymbols": true,
	"RequireNumbers": true,
	"RequireUppercaseCharacters": true,
	"RequireLowercaseCharacters": true,
	"AllowUsersToChangePassword": true,
	"ExpirePasswords": false,
	"PasswordReusePrevention": 24,
	"HardExpiry": false,
}

password_policy_resource(config) := resource("aws.iam.password_policy", "aws://111122223333/global/iam-password-policy", "iam-password-policy", "global", config)

# The account password policy with fields merged over a strong one.
password_policy(fields) := password_policy_resource({"exists": true, "PasswordPolicy": object.union(strong_password_policy, fields)})

no_password_policy := password_policy_resource({"exists": false})

# An EC2 instance (DescribeInstances shape); fields merged over a running, compliant instance.
ec2_instance(fields) := resource(
	"aws.ec2.instance",
	"arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234def567890",
	"web-1",
	"eu-west-1",
	object.union(
		{
			"InstanceId": "i-0abc1234def567890",
			"InstanceType": "t3.small",
			"ImageId": "ami-0123456789abcdef0",
			"LaunchTime": "2025-10-02T08:00:00Z",
			"State": {"Code": 16, "Name": "running"},
			"SubnetId": "subnet-0123456789abcdef0",
			"VpcId": "vpc-0123456789abcdef0",
			"PrivateIpAddress": "10.0.1.23",
			"IamInstanceProfile": {"Arn": "arn:aws:iam::111122223333:instance-profile/web", "Id": "AIPAEXAMPLEWEBPROFILE"},
			"MetadataOptions": {"State": "applied", "HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled", "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"},
			"Tags": [{"Key": "Name", "Value": "web-1"}],
		},
		fields,
	),
)

stopped := {"State": {"Code": 80, "Name": "stopped"}}

terminated := {"State": {"Code": 48, "Name": "terminated"}}

# An S3 bucket; config fields merged over a private, versioned bucket without a policy.
s3_bucket(fields) := {
	"resource": {
		"id": "arn:aws:s3:::acme-invoices",
		"type": "aws.s3.bucket",
		"provider": "aws",
		"account": account,
		"region": "eu-west-1",
		"name": "acme-invoices",
		"tags": {},
		"config": object.union(
			{
				"Name": "acme-invoices",
				"CreationDate": "2023-05-04T10:00:00Z",
				"Region": "eu-west-1",
				"Policy": null,
				"Acl": {"Owner": {"ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Permission": "FULL_CONTROL"}]},
				"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true},
				"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}, "BucketKeyEnabled": true}]},
				"Versioning": {"Status": "Enabled", "MFADelete": "Disabled"},
				"Logging": null,
				"LifecycleConfiguration": {"Rules": [{"ID": "expire-old", "Status": "Enabled", "Filter": {}, "NoncurrentVersionExpiration": {"NoncurrentDays": 90}}]},
				"ObjectLockConfiguration": null,
				"NotificationConfiguration": {},
				"ReplicationConfiguration": null,
				"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
				"stance": {"accountPublicAccessBlock": null, "dataEvents": {"collected": true, "read": [], "write": []}},
			},
			fields,
		),
	},
	"context": ctx("global"),
}

# An RDS DB instance (DescribeDBInstances shape); fields merged over a compliant instance.
rds_instance(fields) := resource(
	"aws.rds.db_instance",
	"arn:aws:rds:eu-west-1:111122223333:db:orders-db",
	"orders-db",
	"eu-west-1",
	object.union(
		{
			"DBInstanceIdentifier": "orders-db",
			"DBInstanceArn": "arn:aws:rds:eu-west-1:111122223333:db:orders-db",
			"DBInstanceClass": "db.t4g.medium",
			"Engine": "postgres",
			"EngineVersion": "16.4",
			"DBInstanceStatus": "available",
			"StorageEncrypted": true,
			"KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			"AutoMinorVersionUpgrade": true,
			"PubliclyAccessible": false,
			"MultiAZ": true,
			"Endpoint": {"Address": "orders-db.abcdefghijkl.eu-west-1.rds.amazonaws.com", "Port": 5432},
			"TagList": [],
		},
		fields,
	),
)

trail_arn := "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail"

# A DescribeTrails item with its status and event selectors; fields merged over a compliant trail.
trail_config(fields) := object.union(
	{
		"Name": "org-trail",
		"TrailARN": trail_arn,
		"HomeRegion": "eu-west-1",
		"S3BucketName": "acme-cloudtrail-logs",
		"IncludeGlobalServiceEvents": true,
		"IsMultiRegionTrail": true,
		"IsOrganizationTrail": false,
		"LogFileValidationEnabled": true,
		"KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"CloudWatchLogsLogGroupArn": "arn:aws:logs:eu-west-1:111122223333:log-group:cloudtrail:*",
		"HasCustomEventSelectors": false,
		"HasInsightSelectors": false,
		"Status": {"IsLogging": true, "LatestDeliveryTime": "2025-11-23T12:05:00Z", "StartLoggingTime": "2023-01-01T00:00:00Z"},
		"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "DataResources": [], "ExcludeManagementEventSources": []}],
	},
	fields,
)

trail(fields) := resource("aws.cloudtrail.trail", trail_arn, "org-trail", "eu-west-1", trail_config(fields))
