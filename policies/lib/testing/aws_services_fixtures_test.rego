# Test-only fixtures of the services collected since issue 16 (Lambda, ECR, Secrets Manager, GuardDuty,
# DynamoDB, SQS, SNS, ...), each in its collector's shape (docs/aws-resources.md): the API's own
# response merged over a compliant default.
package stance.lib.testing.aws_services

import data.stance.lib.testing.aws as fx
import rego.v1

account := fx.account

region := "eu-west-1"

key_arn := "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

policy(statements) := {"Version": "2012-10-17", "Statement": statements}

# --- Lambda: a ListFunctions item with the environment's values dropped, its policy and URLs ---

function_arn := "arn:aws:lambda:eu-west-1:111122223333:function:orders-api"

lambda_function(fields) := fx.resource(
	"aws.lambda.function",
	function_arn,
	"orders-api",
	region,
	object.union(
		{
			"FunctionName": "orders-api",
			"FunctionArn": function_arn,
			"Runtime": "python3.13",
			"Role": "arn:aws:iam::111122223333:role/orders-api",
			"Handler": "app.handler",
			"CodeSize": 52144,
			"Timeout": 30,
			"MemorySize": 256,
			"LastModified": "2025-10-01T08:00:00.000+0000",
			"Version": "$LATEST",
			"PackageType": "Zip",
			"Architectures": ["arm64"],
			"TracingConfig": {"Mode": "Active"},
			"VpcConfig": {"SubnetIds": ["subnet-0aaa1111", "subnet-0bbb2222"], "SecurityGroupIds": ["sg-0ccc3333"], "VpcId": "vpc-0ddd4444"},
			"Environment": {"VariableNames": ["DB_PASSWORD_SECRET_ARN", "LOG_LEVEL"]},
			"Policy": null,
			"FunctionUrlConfigs": [],
			"stance": {
				"environmentValues": {"DB_PASSWORD_SECRET_ARN": "reference", "LOG_LEVEL": "literal"},
				"subnets": [
					{"SubnetId": "subnet-0aaa1111", "AvailabilityZone": "eu-west-1a"},
					{"SubnetId": "subnet-0bbb2222", "AvailabilityZone": "eu-west-1b"},
				],
			},
		},
		fields,
	),
)

lambda_statement(principal, fields) := object.union(
	{
		"Sid": "invoke",
		"Effect": "Allow",
		"Principal": principal,
		"Action": "lambda:InvokeFunction",
		"Resource": function_arn,
	},
	fields,
)

function_url(auth) := {
	"FunctionUrl": "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/",
	"FunctionArn": function_arn,
	"AuthType": auth,
	"CreationTime": "2025-10-01T08:00:00.000+0000",
	"LastModifiedTime": "2025-10-01T08:00:00.000+0000",
	"InvokeMode": "BUFFERED",
}

# --- ECR: a DescribeRepositories item with its policies and effective scanning configuration ---

repository_arn := "arn:aws:ecr:eu-west-1:111122223333:repository/orders/api"

ecr_repository(fields) := fx.resource(
	"aws.ecr.repository",
	repository_arn,
	"orders/api",
	region,
	object.union(
		{
			"repositoryArn": repository_arn,
			"registryId": account,
			"repositoryName": "orders/api",
			"repositoryUri": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders/api",
			"createdAt": "2024-06-01T10:00:00Z",
			"imageTagMutability": "IMMUTABLE",
			"imageScanningConfiguration": {"scanOnPush": false},
			"encryptionConfiguration": {"encryptionType": "KMS", "kmsKey": key_arn},
			"Policy": null,
			"LifecyclePolicy": {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}}]},
			"ScanningConfiguration": {"repositoryArn": repository_arn, "repositoryName": "orders/api", "scanOnPush": true, "scanFrequency": "SCAN_ON_PUSH", "appliedScanFilters": [{"filter": "*", "filterType": "WILDCARD"}]},
			"stance": {"registryScanType": "BASIC"},
		},
		fields,
	),
)

ecr_registry(fields) := fx.resource(
	"aws.ecr.registry",
	"aws://111122223333/eu-west-1/ecr-registry",
	"ecr-registry eu-west-1",
	region,
	object.union(
		{
			"Offered": true,
			"registryId": account,
			"scanningConfiguration": {"scanType": "BASIC", "rules": [{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}]},
			"RepositoryCount": 3,
		},
		fields,
	),
)

# The fact of a per-region service in a region AWS does not offer it in.
not_offered(type, name) := fx.resource(type, sprintf("aws://111122223333/ap-southeast-7/%s", [name]), sprintf("%s ap-southeast-7", [name]), "ap-southeast-7", {"Offered": false})

# --- Secrets Manager: a ListSecrets item with its resource policy (fixtures' clock 2025-11-23) ---

secret_arn := "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/db-AbCdEf"

secret(fields) := fx.resource(
	"aws.secretsmanager.secret",
	secret_arn,
	"orders/db",
	region,
	object.union(
		{
			"ARN": secret_arn,
			"Name": "orders/db",
			"KmsKeyId": key_arn,
			"RotationEnabled": true,
			"RotationLambdaARN": "arn:aws:lambda:eu-west-1:111122223333:function:rotate-orders-db",
			"RotationRules": {"AutomaticallyAfterDays": 30},
			"LastRotatedDate": "2025-11-01T03:00:00Z",
			"LastChangedDate": "2025-11-01T03:00:00Z",
			"LastAccessedDate": "2025-11-23T00:00:00Z",
			"NextRotationDate": "2025-12-01T03:00:00Z",
			"CreatedDate": "2024-01-15T09:00:00Z",
			"Tags": [],
			"ResourcePolicy": null,
		},
		fields,
	),
)

# --- GuardDuty: the region fact with one GetDetector answer ---

all_features := ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "EKS_RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"]

detector(status, features) := {
	"DetectorId": "12abc34d567e8fa901bc2d34e56789f0",
	"CreatedAt": "2024-01-10T08:00:00.000Z",
	"FindingPublishingFrequency": "SIX_HOURS",
	"ServiceRole": "arn:aws:iam::111122223333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
	"Status": status,
	"UpdatedAt": "2025-06-01T08:00:00.000Z",
	"Features": [{"Name": name, "Status": s, "UpdatedAt": "2025-06-01T08:00:00.000Z"} |
		some name in all_features
		s := object.get(features, name, "ENABLED")
	],
	"Tags": {},
}

guardduty(detectors) := fx.resource(
	"aws.guardduty.region",
	"aws://111122223333/eu-west-1/guardduty",
	"guardduty eu-west-1",
	region,
	{"Offered": true, "Detectors": detectors},
)

# A detector described before GuardDuty had features: DataSources only.
legacy_detector(s3, eks) := {
	"DetectorId": "12abc34d567e8fa901bc2d34e56789f0",
	"Status": "ENABLED",
	"DataSources": {
		"CloudTrail": {"Status": "ENABLED"},
		"DNSLogs": {"Status": "ENABLED"},
		"FlowLogs": {"Status": "ENABLED"},
		"S3Logs": {"Status": s3},
		"Kubernetes": {"AuditLogs": {"Status": eks}},
	},
}

# --- SQS: a queue with its GetQueueAttributes(All) answer, the policy decoded ---

queue_arn := "arn:aws:sqs:eu-west-1:111122223333:orders-events"

sqs_queue(attributes) := fx.resource(
	"aws.sqs.queue",
	queue_arn,
	"orders-events",
	region,
	{
		"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/orders-events",
		"Attributes": object.union(
			{
				"QueueArn": queue_arn,
				"ApproximateNumberOfMessages": "0",
				"CreatedTimestamp": "1717236000",
				"VisibilityTimeout": "30",
				"MessageRetentionPeriod": "345600",
				"SqsManagedSseEnabled": "true",
				"Policy": null,
			},
			attributes,
		),
	},
)

# --- SNS: a topic with its subscription counts and GetTopicAttributes answer, the policy decoded ---

topic_arn := "arn:aws:sns:eu-west-1:111122223333:orders-alerts"

# The policy SNS gives a new topic: the owner account only (AWS:SourceOwner).
default_topic_policy := {
	"Version": "2008-10-17",
	"Id": "__default_policy_ID",
	"Statement": [{
		"Sid": "__default_statement_ID",
		"Effect": "Allow",
		"Principal": {"AWS": "*"},
		"Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
		"Resource": topic_arn,
		"Condition": {"StringEquals": {"AWS:SourceOwner": "111122223333"}},
	}],
}

sns_topic(attributes) := fx.resource(
	"aws.sns.topic",
	topic_arn,
	"orders-alerts",
	region,
	{
		"TopicArn": topic_arn,
		"ConfirmedSubscriptions": 2,
		"PendingSubscriptions": 0,
		"Attributes": object.union(
			{
				"TopicArn": topic_arn,
				"Owner": account,
				"DisplayName": "",
				"SubscriptionsConfirmed": "2",
				"SubscriptionsPending": "0",
				"SubscriptionsDeleted": "0",
				"KmsMasterKeyId": "alias/aws/sns",
				"SQSSuccessFeedbackRoleArn": "arn:aws:iam::111122223333:role/sns-delivery-status",
				"SQSFailureFeedbackRoleArn": "arn:aws:iam::111122223333:role/sns-delivery-status",
				"Policy": default_topic_policy,
			},
			attributes,
		),
	},
)

# --- DynamoDB: a DescribeTable Table with its continuous backups and auto scaling targets ---

table_arn := "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"

dynamodb_table(fields) := fx.resource(
	"aws.dynamodb.table",
	table_arn,
	"orders",
	region,
	object.union(
		{
			"TableName": "orders",
			"TableArn": table_arn,
			"TableId": "4c8a2f1e-0b7d-4e53-9d4f-1b2c3d4e5f60",
			"TableStatus": "ACTIVE",
			"CreationDateTime": "2024-03-01T10:00:00Z",
			"KeySchema": [{"AttributeName": "orderId", "KeyType": "HASH"}],
			"AttributeDefinitions": [{"AttributeName": "orderId", "AttributeType": "S"}],
			"BillingModeSummary": {"BillingMode": "PROVISIONED", "LastUpdateToPayPerRequestDateTime": null},
			"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5, "NumberOfDecreasesToday": 0},
			"SSEDescription": {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": key_arn},
			"DeletionProtectionEnabled": true,
			"ContinuousBackupsDescription": {
				"ContinuousBackupsStatus": "ENABLED",
				"PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED", "EarliestRestorableDateTime": "2025-10-19T12:00:00Z", "LatestRestorableDateTime": "2025-11-23T12:08:00Z", "RecoveryPeriodInDays": 35},
			},
			"stance": {"scalableTargets": [
				{"ResourceId": "table/orders", "ScalableDimension": "dynamodb:table:ReadCapacityUnits", "MinCapacity": 5, "MaxCapacity": 100},
				{"ResourceId": "table/orders", "ScalableDimension": "dynamodb:table:WriteCapacityUnits", "MinCapacity": 5, "MaxCapacity": 100},
			]},
		},
		fields,
	),
)

# --- KMS: a DescribeKey KeyMetadata with its rotation status and key policy ---

kms_key_arn := key_arn

# The policy KMS gives a key created without one: the account's IAM policies decide.
default_key_policy := {
	"Version": "2012-10-17",
	"Id": "key-default-1",
	"Statement": [{
		"Sid": "Enable IAM User Permissions",
		"Effect": "Allow",
		"Principal": {"AWS": "arn:aws:iam::111122223333:root"},
		"Action": "kms:*",
		"Resource": "*",
	}],
}

kms_key(fields) := fx.resource(
	"aws.kms.key",
	key_arn,
	"1234abcd-12ab-34cd-56ef-1234567890ab",
	region,
	object.union(
		{
			"AWSAccountId": account,
			"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
			"Arn": key_arn,
			"CreationDate": "2024-02-01T10:00:00Z",
			"Enabled": true,
			"Description": "orders data",
			"KeyUsage": "ENCRYPT_DECRYPT",
			"KeyState": "Enabled",
			"Origin": "AWS_KMS",
			"KeyManager": "CUSTOMER",
			"CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
			"KeySpec": "SYMMETRIC_DEFAULT",
			"EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
			"MultiRegion": false,
			"KeyRotationEnabled": true,
			"Policy": default_key_policy,
		},
		fields,
	),
)

# --- IAM: a customer managed policy (GetAccountAuthorizationDetails Policies item, default version decoded) ---

iam_policy(statements) := fx.resource(
	"aws.iam.policy",
	"arn:aws:iam::111122223333:policy/orders-app",
	"orders-app",
	"global",
	{
		"PolicyName": "orders-app",
		"PolicyId": "ANPAEXAMPLEORDERSAPP1",
		"Arn": "arn:aws:iam::111122223333:policy/orders-app",
		"Path": "/",
		"DefaultVersionId": "v2",
		"AttachmentCount": 1,
		"IsAttachable": true,
		"CreateDate": "2024-02-01T10:00:00Z",
		"UpdateDate": "2024-06-01T10:00:00Z",
		"DefaultVersionDocument": {"Version": "2012-10-17", "Statement": statements},
		"stance": {"awsManaged": false, "attachments": 1},
	},
)

decrypt_one_key := {"Sid": "OrdersKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": key_arn}
