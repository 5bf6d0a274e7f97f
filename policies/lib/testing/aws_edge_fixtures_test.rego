# Test-only resources of the load balancing, CDN, API, scaling, certificate, VPC extras,
# Organizations and Account rules, in the collectors' shapes (docs/aws-resources.md).
package stance.lib.testing.aws_edge

import data.stance.lib.testing.aws as fx
import rego.v1

region := "eu-west-1"

alb_arn := "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shop-web/50dc6c495c0c9188"

# An internet-facing ALB in two zones with a compliant HTTPS listener and an HTTP→HTTPS redirect.
alb(fields) := fx.resource("aws.elbv2.load_balancer", alb_arn, "shop-web", region, object.union(
	{
		"LoadBalancerArn": alb_arn,
		"DNSName": "shop-web-1234567890.eu-west-1.elb.amazonaws.com",
		"CanonicalHostedZoneId": "Z32O12XQLNTSW2",
		"CreatedTime": "2024-03-01T10:00:00.000Z",
		"LoadBalancerName": "shop-web",
		"Scheme": "internet-facing",
		"VpcId": "vpc-0a1b2c3d4e5f60718",
		"State": {"Code": "active"},
		"Type": "application",
		"AvailabilityZones": [
			{"ZoneName": "eu-west-1a", "SubnetId": "subnet-0aa11bb22cc33dd44", "LoadBalancerAddresses": []},
			{"ZoneName": "eu-west-1b", "SubnetId": "subnet-0ee55ff66aa77bb88", "LoadBalancerAddresses": []},
		],
		"SecurityGroups": ["sg-0123456789abcdef0"],
		"IpAddressType": "ipv4",
		"Attributes": alb_attributes({}),
		"Listeners": [https_listener, redirect_listener],
	},
	fields,
))

# Attributes as DescribeLoadBalancerAttributes lists them, with some values replaced.
alb_attributes(over) := [{"Key": k, "Value": v} |
	some k, v in object.union(
		{
			"deletion_protection.enabled": "true",
			"access_logs.s3.enabled": "true",
			"access_logs.s3.bucket": "shop-elb-logs",
			"access_logs.s3.prefix": "web",
			"idle_timeout.timeout_seconds": "60",
			"routing.http.drop_invalid_header_fields.enabled": "true",
			"routing.http.desync_mitigation_mode": "defensive",
			"routing.http2.enabled": "true",
			"load_balancing.cross_zone.enabled": "true",
		},
		over,
	)
]

https_listener := {
	"ListenerArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/shop-web/50dc6c495c0c9188/f2f7dc8efc522ab2",
	"LoadBalancerArn": alb_arn,
	"Port": 443,
	"Protocol": "HTTPS",
	"Certificates": [{"CertificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012"}],
	"SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
	"DefaultActions": [{"Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-web/73e2d6bc24d8a067", "Order": 1}],
}

redirect_listener := {
	"ListenerArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/shop-web/50dc6c495c0c9188/0467ef3c8400ae65",
	"LoadBalancerArn": alb_arn,
	"Port": 80,
	"Protocol": "HTTP",
	"DefaultActions": [{"Type": "redirect", "Order": 1, "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}", "StatusCode": "HTTP_301"}}],
}

plain_http_listener := object.union(redirect_listener, {"DefaultActions": [{"Type": "forward", "Order": 1, "TargetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-web/73e2d6bc24d8a067"}]})

nlb(fields) := alb(object.union(
	{
		"LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/shop-tcp/a1b2c3d4e5f60718",
		"LoadBalancerName": "shop-tcp",
		"Type": "network",
		"SecurityGroups": [],
		"Listeners": [{
			"ListenerArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/net/shop-tcp/a1b2c3d4e5f60718/1111",
			"Port": 443,
			"Protocol": "TLS",
			"SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
			"Certificates": [{"CertificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012"}],
			"DefaultActions": [{"Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-tcp/1234"}],
		}],
		"Attributes": [
			{"Key": "deletion_protection.enabled", "Value": "true"},
			{"Key": "access_logs.s3.enabled", "Value": "false"},
			{"Key": "load_balancing.cross_zone.enabled", "Value": "false"},
		],
	},
	fields,
))

clb_arn := "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/legacy-web"

# A Classic Load Balancer in two zones terminating HTTPS with an ACM certificate, every attribute compliant.
clb(fields) := fx.resource("aws.elb.load_balancer", clb_arn, "legacy-web", region, object.union(
	{
		"LoadBalancerName": "legacy-web",
		"DNSName": "legacy-web-123456789.eu-west-1.elb.amazonaws.com",
		"CanonicalHostedZoneNameID": "Z32O12XQLNTSW2",
		"ListenerDescriptions": [{
			"Listener": {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80, "SSLCertificateId": "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012"},
			"PolicyNames": ["ELBSecurityPolicy-TLS-1-2-2017-01"],
		}],
		"Policies": {"AppCookieStickinessPolicies": [], "LBCookieStickinessPolicies": [], "OtherPolicies": ["ELBSecurityPolicy-TLS-1-2-2017-01"]},
		"BackendServerDescriptions": [],
		"AvailabilityZones": ["eu-west-1a", "eu-west-1b"],
		"Subnets": ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"],
		"VPCId": "vpc-0a1b2c3d4e5f60718",
		"Instances": [{"InstanceId": "i-0abc1234def567890"}],
		"HealthCheck": {"Target": "HTTP:80/health", "Interval": 30, "Timeout": 5, "UnhealthyThreshold": 2, "HealthyThreshold": 10},
		"SourceSecurityGroup": {"OwnerAlias": "111122223333", "GroupName": "legacy-web"},
		"SecurityGroups": ["sg-0123456789abcdef0"],
		"CreatedTime": "2019-06-01T10:00:00.000Z",
		"Scheme": "internet-facing",
		"LoadBalancerAttributes": {
			"CrossZoneLoadBalancing": {"Enabled": true},
			"AccessLog": {"Enabled": true, "S3BucketName": "legacy-elb-logs", "EmitInterval": 60, "S3BucketPrefix": "web"},
			"ConnectionDraining": {"Enabled": true, "Timeout": 300},
			"ConnectionSettings": {"IdleTimeout": 60},
			"AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "defensive"}],
		},
	},
	fields,
))

clb_listener(protocol, port, certificate) := {"Listener": object.union(
	{"Protocol": protocol, "LoadBalancerPort": port, "InstanceProtocol": "HTTP", "InstancePort": 80},
	certificate,
), "PolicyNames": []}

distribution_arn := "arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL"

s3_origin := {
	"Id": "shop-site-s3",
	"DomainName": "shop-site.s3.eu-west-1.amazonaws.com",
	"OriginPath": "",
	"CustomHeaders": {"Quantity": 0},
	"S3OriginConfig": {"OriginAccessIdentity": ""},
	"ConnectionAttempts": 3,
	"ConnectionTimeout": 10,
	"OriginShield": {"Enabled": false},
	"OriginAccessControlId": "E2OACEXAMPLE01",
}

custom_origin := {
	"Id": "shop-api",
	"DomainName": "api.shop.example.com",
	"OriginPath": "",
	"CustomHeaders": {"Quantity": 0},
	"CustomOriginConfig": {
		"HTTPPort": 80,
		"HTTPSPort": 443,
		"OriginProtocolPolicy": "https-only",
		"OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
		"OriginReadTimeout": 30,
		"OriginKeepaliveTimeout": 5,
	},
	"ConnectionAttempts": 3,
	"ConnectionTimeout": 10,
	"OriginShield": {"Enabled": false},
	"OriginAccessControlId": "",
}

behavior(origin, policy) := {
	"TargetOriginId": origin,
	"ViewerProtocolPolicy": policy,
	"TrustedSigners": {"Enabled": false, "Quantity": 0},
	"TrustedKeyGroups": {"Enabled": false, "Quantity": 0},
	"AllowedMethods": {"Quantity": 2, "Items": ["HEAD", "GET"], "CachedMethods": {"Quantity": 2, "Items": ["HEAD", "GET"]}},
	"SmoothStreaming": false,
	"Compress": true,
	"LambdaFunctionAssociations": {"Quantity": 0},
	"FunctionAssociations": {"Quantity": 0},
	"FieldLevelEncryptionId": "",
	"CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
}

# GetDistributionConfig of a distribution meeting every rule: an S3 origin behind OAC, an HTTPS-only
# API origin in a failover group, a custom certificate served by SNI with TLS 1.2, logging and WAF.
distribution(fields) := fx.resource("aws.cloudfront.distribution", distribution_arn, "E2QWRUHAPOMQZL", "global", object.union(
	{
		"Id": "E2QWRUHAPOMQZL",
		"ARN": distribution_arn,
		"DomainName": "d111111abcdef8.cloudfront.net",
		"Status": "Deployed",
		"DistributionConfig": {
			"CallerReference": "shop-2024-03-01",
			"Aliases": {"Quantity": 1, "Items": ["www.shop.example.com"]},
			"DefaultRootObject": "index.html",
			"Origins": {"Quantity": 2, "Items": [s3_origin, custom_origin]},
			"OriginGroups": {"Quantity": 1, "Items": [{
				"Id": "api-failover",
				"FailoverCriteria": {"StatusCodes": {"Quantity": 2, "Items": [502, 503]}},
				"Members": {"Quantity": 2, "Items": [{"OriginId": "shop-api"}, {"OriginId": "shop-site-s3"}]},
			}]},
			"DefaultCacheBehavior": behavior("shop-site-s3", "redirect-to-https"),
			"CacheBehaviors": {"Quantity": 1, "Items": [object.union(behavior("shop-api", "https-only"), {"PathPattern": "/api/*"})]},
			"CustomErrorResponses": {"Quantity": 0},
			"Comment": "shop storefront",
			"Logging": {"Enabled": true, "IncludeCookies": false, "Bucket": "shop-cf-logs.s3.amazonaws.com", "Prefix": "cf/"},
			"PriceClass": "PriceClass_100",
			"Enabled": true,
			"ViewerCertificate": {
				"CloudFrontDefaultCertificate": false,
				"ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/87654321-4321-4321-4321-210987654321",
				"SSLSupportMethod": "sni-only",
				"MinimumProtocolVersion": "TLSv1.2_2021",
				"Certificate": "arn:aws:acm:us-east-1:111122223333:certificate/87654321-4321-4321-4321-210987654321",
				"CertificateSource": "acm",
			},
			"Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
			"WebACLId": "arn:aws:wafv2:us-east-1:111122223333:global/webacl/shop-edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
			"HttpVersion": "http2",
			"IsIPV6Enabled": true,
			"Staging": false,
		},
		"stance": {"originBuckets": [{"OriginId": "shop-site-s3", "Bucket": "shop-site", "Exists": true}]},
	},
	fields,
))

# The distribution with its DistributionConfig fields replaced (arrays and all).
distribution_config(over) := json.patch(distribution({}), [{"op": "replace", "path": sprintf("/resource/config/DistributionConfig/%s", [k]), "value": v} | some k, v in over])

default_certificate := {"CloudFrontDefaultCertificate": true, "SSLSupportMethod": "vip", "MinimumProtocolVersion": "TLSv1", "CertificateSource": "cloudfront"}

rest_stage_id := "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod"

# A REST API stage (GetStages item) logging errors, traced, behind WAF, with a client certificate.
rest_stage(fields) := fx.resource("aws.apigateway.rest_stage", rest_stage_id, "orders/prod", region, object.union(
	{
		"deploymentId": "x1y2z3",
		"clientCertificateId": "a1b2c3",
		"stageName": "prod",
		"description": "production",
		"cacheClusterEnabled": false,
		"cacheClusterStatus": "NOT_AVAILABLE",
		"methodSettings": {"*/*": {
			"metricsEnabled": true,
			"loggingLevel": "ERROR",
			"dataTraceEnabled": false,
			"throttlingBurstLimit": 5000,
			"throttlingRateLimit": 10000.0,
			"cachingEnabled": false,
			"cacheTtlInSeconds": 300,
			"cacheDataEncrypted": false,
			"requireAuthorizationForCacheControl": true,
			"unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
		}},
		"accessLogSettings": {"format": "$context.requestId $context.status", "destinationArn": "arn:aws:logs:eu-west-1:111122223333:log-group:apigw-orders"},
		"tracingEnabled": true,
		"webAclArn": "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/orders/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222",
		"createdDate": "2024-05-01T10:00:00Z",
		"lastUpdatedDate": "2025-09-01T10:00:00Z",
		"RestApi": {"id": "a1b2c3d4e5", "name": "orders", "endpointConfiguration": {"types": ["REGIONAL"]}},
	},
	fields,
))

v2_stage(protocol, fields) := fx.resource("aws.apigateway.v2_stage", "arn:aws:apigateway:eu-west-1::/apis/q1w2e3r4t5/stages/$default", "events/$default", region, object.union(
	{
		"StageName": "$default",
		"AutoDeploy": true,
		"CreatedDate": "2024-05-01T10:00:00Z",
		"LastUpdatedDate": "2025-09-01T10:00:00Z",
		"DefaultRouteSettings": {"DetailedMetricsEnabled": false, "LoggingLevel": "INFO", "DataTraceEnabled": false, "ThrottlingBurstLimit": 5000, "ThrottlingRateLimit": 10000.0},
		"RouteSettings": {},
		"StageVariables": {},
		"AccessLogSettings": {"DestinationArn": "arn:aws:logs:eu-west-1:111122223333:log-group:apigw-events", "Format": "$context.requestId"},
		"Tags": {},
		"Api": {"ApiId": "q1w2e3r4t5", "Name": "events", "ProtocolType": protocol},
	},
	fields,
))

route(route_key, auth) := {"RouteId": concat("", ["r-", route_key]), "RouteKey": route_key, "AuthorizationType": auth, "ApiKeyRequired": false, "Target": "integrations/abc1234"}

v2_api(protocol, routes) := fx.resource("aws.apigateway.v2_api", "arn:aws:apigateway:eu-west-1::/apis/q1w2e3r4t5", "events", region, {
	"ApiId": "q1w2e3r4t5",
	"Name": "events",
	"ProtocolType": protocol,
	"ApiEndpoint": "https://q1w2e3r4t5.execute-api.eu-west-1.amazonaws.com",
	"RouteSelectionExpression": "$request.method $request.path",
	"CreatedDate": "2024-05-01T10:00:00Z",
	"DisableExecuteApiEndpoint": false,
	"Tags": {},
	"Routes": routes,
})

asg_arn := "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:5e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7:autoScalingGroupName/shop-web"

# An Auto Scaling group on a launch template in two zones, behind a target group with ELB health checks.
asg(fields) := fx.resource("aws.autoscaling.group", asg_arn, "shop-web", region, object.union(
	{
		"AutoScalingGroupName": "shop-web",
		"AutoScalingGroupARN": asg_arn,
		"LaunchTemplate": {"LaunchTemplateId": "lt-0a1b2c3d4e5f60718", "LaunchTemplateName": "shop-web", "Version": "$Default"},
		"MinSize": 2,
		"MaxSize": 6,
		"DesiredCapacity": 2,
		"DefaultCooldown": 300,
		"AvailabilityZones": ["eu-west-1a", "eu-west-1b"],
		"LoadBalancerNames": [],
		"TargetGroupARNs": ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-web/73e2d6bc24d8a067"],
		"HealthCheckType": "ELB",
		"HealthCheckGracePeriod": 300,
		"Instances": [],
		"CreatedTime": "2024-03-01T10:00:00Z",
		"SuspendedProcesses": [],
		"VPCZoneIdentifier": "subnet-0aa11bb22cc33dd44,subnet-0ee55ff66aa77bb88",
		"EnabledMetrics": [],
		"Tags": [],
		"TerminationPolicies": ["Default"],
		"NewInstancesProtectedFromScaleIn": false,
		"ServiceLinkedRoleARN": "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
		"CapacityRebalance": false,
		"TrafficSources": [{"Identifier": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-web/73e2d6bc24d8a067", "Type": "elbv2"}],
	},
	fields,
))

lc_arn := "arn:aws:autoscaling:eu-west-1:111122223333:launchConfiguration:0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5:launchConfigurationName/shop-web-v1"

# A launch configuration requiring IMDSv2 with hop limit 1 and no public address.
launch_configuration(fields) := fx.resource("aws.autoscaling.launch_configuration", lc_arn, "shop-web-v1", region, object.union(
	{
		"LaunchConfigurationName": "shop-web-v1",
		"LaunchConfigurationARN": lc_arn,
		"ImageId": "ami-0123456789abcdef0",
		"KeyName": "",
		"SecurityGroups": ["sg-0123456789abcdef0"],
		"ClassicLinkVPCSecurityGroups": [],
		"InstanceType": "t3.small",
		"KernelId": "",
		"RamdiskId": "",
		"BlockDeviceMappings": [],
		"InstanceMonitoring": {"Enabled": true},
		"IamInstanceProfile": "shop-web",
		"CreatedTime": "2023-01-10T10:00:00Z",
		"EbsOptimized": false,
		"AssociatePublicIpAddress": false,
		"MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled"},
	},
	fields,
))

cert_arn := "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012"

# A ListCertificates summary: an issued RSA-2048 certificate valid until 2026-03-01 (now is 2025-11-23).
certificate(fields) := fx.resource("aws.acm.certificate", cert_arn, "www.shop.example.com", region, object.union(
	{
		"CertificateArn": cert_arn,
		"DomainName": "www.shop.example.com",
		"SubjectAlternativeNameSummaries": ["www.shop.example.com"],
		"HasAdditionalSubjectAlternativeNames": false,
		"Status": "ISSUED",
		"Type": "AMAZON_ISSUED",
		"KeyAlgorithm": "RSA-2048",
		"KeyUsages": ["DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"],
		"ExtendedKeyUsages": ["TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION"],
		"InUse": true,
		"RenewalEligibility": "ELIGIBLE",
		"NotBefore": "2025-03-01T00:00:00.000Z",
		"NotAfter": "2026-03-01T23:59:59.000Z",
		"CreatedAt": "2025-03-01T10:00:00.000Z",
		"IssuedAt": "2025-03-01T10:05:00.000Z",
	},
	fields,
))

ec2_arn(kind, id) := sprintf("arn:aws:ec2:eu-west-1:111122223333:%s/%s", [kind, id])

snapshot(fields) := fx.resource("aws.ec2.snapshot", ec2_arn("snapshot", "snap-0a1b2c3d4e5f60718"), "db-backup", region, object.union(
	{
		"SnapshotId": "snap-0a1b2c3d4e5f60718",
		"VolumeId": "vol-0a1b2c3d4e5f60718",
		"State": "completed",
		"StartTime": "2025-10-01T02:00:00.000Z",
		"Progress": "100%",
		"OwnerId": "111122223333",
		"Description": "nightly db backup",
		"VolumeSize": 100,
		"Encrypted": true,
		"KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"StorageTier": "standard",
		"Tags": [{"Key": "Name", "Value": "db-backup"}],
		"stance": {"restorableByAll": false},
	},
	fields,
))

image(fields) := fx.resource("aws.ec2.image", ec2_arn("image", "ami-0a1b2c3d4e5f60718"), "shop-web-2025-10", region, object.union(
	{
		"ImageId": "ami-0a1b2c3d4e5f60718",
		"ImageLocation": "111122223333/shop-web-2025-10",
		"State": "available",
		"OwnerId": "111122223333",
		"CreationDate": "2025-10-01T10:00:00.000Z",
		"Public": false,
		"Architecture": "x86_64",
		"ImageType": "machine",
		"Name": "shop-web-2025-10",
		"RootDeviceType": "ebs",
		"RootDeviceName": "/dev/xvda",
		"VirtualizationType": "hvm",
		"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0a1b2c3d4e5f60718", "VolumeSize": 8, "VolumeType": "gp3", "Encrypted": true, "DeleteOnTermination": true}}],
	},
	fields,
))

volume(fields) := fx.resource("aws.ec2.volume", ec2_arn("volume", "vol-0a1b2c3d4e5f60718"), "db-data", region, object.union(
	{
		"VolumeId": "vol-0a1b2c3d4e5f60718",
		"Size": 100,
		"SnapshotId": "",
		"AvailabilityZone": "eu-west-1a",
		"State": "in-use",
		"CreateTime": "2024-02-01T10:00:00.000Z",
		"Attachments": [{"AttachTime": "2024-02-01T10:01:00.000Z", "Device": "/dev/xvdf", "InstanceId": "i-0abc1234def567890", "State": "attached", "VolumeId": "vol-0a1b2c3d4e5f60718", "DeleteOnTermination": false}],
		"Encrypted": true,
		"KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"VolumeType": "gp3",
		"Iops": 3000,
		"Throughput": 125,
		"MultiAttachEnabled": false,
		"Tags": [{"Key": "Name", "Value": "db-data"}],
	},
	fields,
))

security_group(fields) := fx.resource("aws.ec2.security_group", ec2_arn("security-group", "sg-0123456789abcdef0"), "web", region, object.union(
	{
		"GroupId": "sg-0123456789abcdef0",
		"GroupName": "web",
		"Description": "web servers",
		"VpcId": "vpc-0a1b2c3d4e5f60718",
		"OwnerId": "111122223333",
		"IpPermissions": [],
		"IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}],
		"stance": {"networkInterfaces": {"collected": true, "ids": ["eni-0a1b2c3d4e5f60718"]}},
	},
	fields,
))

subnet(fields) := fx.resource("aws.ec2.subnet", ec2_arn("subnet", "subnet-0aa11bb22cc33dd44"), "private-a", region, object.union(
	{
		"SubnetId": "subnet-0aa11bb22cc33dd44",
		"SubnetArn": ec2_arn("subnet", "subnet-0aa11bb22cc33dd44"),
		"VpcId": "vpc-0a1b2c3d4e5f60718",
		"CidrBlock": "10.0.1.0/24",
		"AvailabilityZone": "eu-west-1a",
		"AvailableIpAddressCount": 250,
		"DefaultForAz": false,
		"MapPublicIpOnLaunch": false,
		"State": "available",
		"OwnerId": "111122223333",
		"AssignIpv6AddressOnCreation": false,
		"Ipv6CidrBlockAssociationSet": [],
		"Tags": [{"Key": "Name", "Value": "private-a"}],
	},
	fields,
))

address(fields) := fx.resource("aws.ec2.address", ec2_arn("elastic-ip", "eipalloc-0a1b2c3d4e5f60718"), "203.0.113.10", region, object.union(
	{
		"AllocationId": "eipalloc-0a1b2c3d4e5f60718",
		"AssociationId": "eipassoc-0a1b2c3d4e5f60718",
		"Domain": "vpc",
		"InstanceId": "i-0abc1234def567890",
		"NetworkInterfaceId": "eni-0a1b2c3d4e5f60718",
		"NetworkInterfaceOwnerId": "111122223333",
		"PrivateIpAddress": "10.0.1.23",
		"PublicIp": "203.0.113.10",
		"PublicIpv4Pool": "amazon",
		"NetworkBorderGroup": "eu-west-1",
		"Tags": [],
	},
	fields,
))

network_acl(fields) := fx.resource("aws.ec2.network_acl", ec2_arn("network-acl", "acl-0a1b2c3d4e5f60718"), "private", region, object.union(
	{
		"NetworkAclId": "acl-0a1b2c3d4e5f60718",
		"VpcId": "vpc-0a1b2c3d4e5f60718",
		"IsDefault": false,
		"OwnerId": "111122223333",
		"Entries": [],
		"Associations": [{"NetworkAclAssociationId": "aclassoc-0a1b2c3d", "NetworkAclId": "acl-0a1b2c3d4e5f60718", "SubnetId": "subnet-0aa11bb22cc33dd44"}],
		"Tags": [],
	},
	fields,
))

transit_gateway(fields) := fx.resource("aws.ec2.transit_gateway", ec2_arn("transit-gateway", "tgw-0a1b2c3d4e5f60718"), "core", region, object.union(
	{
		"TransitGatewayId": "tgw-0a1b2c3d4e5f60718",
		"TransitGatewayArn": ec2_arn("transit-gateway", "tgw-0a1b2c3d4e5f60718"),
		"State": "available",
		"OwnerId": "111122223333",
		"CreationTime": "2024-01-01T10:00:00.000Z",
		"Options": {
			"AmazonSideAsn": 64512,
			"AutoAcceptSharedAttachments": "disable",
			"DefaultRouteTableAssociation": "enable",
			"DefaultRouteTablePropagation": "enable",
			"VpnEcmpSupport": "enable",
			"DnsSupport": "enable",
			"MulticastSupport": "disable",
		},
		"Tags": [],
	},
	fields,
))

tunnel(ip, status) := {"OutsideIpAddress": ip, "Status": status, "LastStatusChange": "2025-11-20T10:00:00.000Z", "StatusMessage": "", "AcceptedRouteCount": 2}

vpn_connection(fields) := fx.resource("aws.ec2.vpn_connection", ec2_arn("vpn-connection", "vpn-0a1b2c3d4e5f60718"), "office", region, object.union(
	{
		"VpnConnectionId": "vpn-0a1b2c3d4e5f60718",
		"CustomerGatewayId": "cgw-0a1b2c3d4e5f60718",
		"VpnGatewayId": "vgw-0a1b2c3d4e5f60718",
		"Category": "VPN",
		"State": "available",
		"Type": "ipsec.1",
		"Options": {"StaticRoutesOnly": false},
		"VgwTelemetry": [tunnel("198.51.100.1", "UP"), tunnel("198.51.100.2", "UP")],
		"Tags": [],
	},
	fields,
))

launch_template(template_data) := fx.resource("aws.ec2.launch_template", ec2_arn("launch-template", "lt-0a1b2c3d4e5f60718"), "shop-web", region, {
	"LaunchTemplateId": "lt-0a1b2c3d4e5f60718",
	"LaunchTemplateName": "shop-web",
	"VersionNumber": 3,
	"CreateTime": "2025-06-01T10:00:00.000Z",
	"CreatedBy": "arn:aws:iam::111122223333:user/ops",
	"DefaultVersion": true,
	"LaunchTemplateData": object.union(
		{
			"ImageId": "ami-0a1b2c3d4e5f60718",
			"InstanceType": "t3.small",
			"MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled"},
			"NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": false, "Groups": ["sg-0123456789abcdef0"]}],
		},
		template_data,
	),
})

vpc_endpoint(service, type) := {
	"VpcEndpointId": concat("", ["vpce-", replace(service, ".", "")]),
	"VpcEndpointType": type,
	"VpcId": "vpc-0a1b2c3d4e5f60718",
	"ServiceName": sprintf("com.amazonaws.eu-west-1.%s", [service]),
	"State": "available",
}

vpc(fields) := fx.resource("aws.ec2.vpc", ec2_arn("vpc", "vpc-0a1b2c3d4e5f60718"), "shop", region, object.union(
	{
		"VpcId": "vpc-0a1b2c3d4e5f60718",
		"CidrBlock": "10.0.0.0/16",
		"State": "available",
		"IsDefault": false,
		"OwnerId": "111122223333",
		"InstanceTenancy": "default",
		"CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-0a1b", "CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}],
		"Tags": [{"Key": "Name", "Value": "shop"}],
		"FlowLogs": [],
		"VpcEndpoints": [vpc_endpoint("s3", "Gateway"), vpc_endpoint("ec2", "Interface")],
	},
	fields,
))

peering_route(destination) := object.union({"VpcPeeringConnectionId": "pcx-0a1b2c3d4e5f60718", "Origin": "CreateRoute", "State": "active"}, destination)

# A route table of VPC 10.0.0.0/16 peered with 10.1.0.0/16, routing one /24 of it.
route_table(routes, peerings) := fx.resource("aws.ec2.route_table", ec2_arn("route-table", "rtb-0a1b2c3d4e5f60718"), "private", region, {
	"RouteTableId": "rtb-0a1b2c3d4e5f60718",
	"VpcId": "vpc-0a1b2c3d4e5f60718",
	"OwnerId": "111122223333",
	"Associations": [{"Main": false, "RouteTableAssociationId": "rtbassoc-0a1b", "RouteTableId": "rtb-0a1b2c3d4e5f60718", "SubnetId": "subnet-0aa11bb22cc33dd44"}],
	"PropagatingVgws": [],
	"Routes": array.concat([{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}], routes),
	"Tags": [],
	"stance": {"peerings": peerings},
})

peerings_seen := {"collected": true, "connections": {"pcx-0a1b2c3d4e5f60718": {"requesterCidrs": ["10.0.0.0/16"], "accepterCidrs": ["10.1.0.0/16"]}}}

organization := {
	"Id": "o-a1b2c3d4e5",
	"Arn": "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5",
	"FeatureSet": "ALL",
	"MasterAccountArn": "arn:aws:organizations::111122223333:account/o-a1b2c3d4e5/111122223333",
	"MasterAccountId": "111122223333",
	"MasterAccountEmail": "aws-root@example.com",
	"AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}],
}

root := {"Id": "r-a1b2", "Arn": "arn:aws:organizations::111122223333:root/o-a1b2c3d4e5/r-a1b2", "Name": "Root", "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}

scp(id, name, managed, targets) := {
	"Id": id,
	"Arn": sprintf("arn:aws:organizations::111122223333:policy/o-a1b2c3d4e5/service_control_policy/%s", [id]),
	"Name": name,
	"Description": name,
	"Type": "SERVICE_CONTROL_POLICY",
	"AwsManaged": managed,
	"Targets": [{"TargetId": t, "Arn": "", "Name": t, "Type": "ORGANIZATIONAL_UNIT"} | some t in targets],
}

# The management account's view: workloads OU and the management account itself under the root;
# FullAWSAccess everywhere and a deny-leaving-the-organization guardrail on the OU.
org_fact(fields) := fx.resource("aws.organizations.account", "aws://111122223333/global/organization", "organization global", "global", object.union(
	{
		"Organization": organization,
		"ManagementAccount": true,
		"Roots": [root],
		"OrganizationalUnits": [{"Id": "ou-a1b2-workload", "Name": "workloads", "ParentId": "r-a1b2", "Path": ["r-a1b2"]}],
		"Accounts": [
			{"Id": "111122223333", "Name": "management", "Status": "ACTIVE", "ParentId": "r-a1b2", "Path": ["r-a1b2"]},
			{"Id": "444455556666", "Name": "shop-prod", "Status": "ACTIVE", "ParentId": "ou-a1b2-workload", "Path": ["ou-a1b2-workload", "r-a1b2"]},
		],
		"Policies": [
			scp("p-FullAWSAccess", "FullAWSAccess", true, ["r-a1b2"]),
			scp("p-deny-leave", "deny-leave-organization", false, ["ou-a1b2-workload"]),
		],
	},
	fields,
))

member_fact := fx.resource("aws.organizations.account", "aws://444455556666/global/organization", "organization global", "global", {"Organization": organization, "ManagementAccount": false})

standalone_fact := fx.resource("aws.organizations.account", "aws://111122223333/global/organization", "organization global", "global", {"Organization": null, "ManagementAccount": false})

contact(type) := {"AlternateContactType": type, "Name": "Security Team", "Title": "CISO", "EmailAddress": "security@example.com", "PhoneNumber": "+44 20 7946 0000"}

# GetContactInformation and GetAlternateContact answers: every contact registered.
contacts(fields) := fx.resource("aws.account.contacts", "aws://111122223333/global/account-contacts", "account-contacts global", "global", object.union(
	{
		"ContactInformation": {
			"FullName": "Example Shop Ltd",
			"CompanyName": "Example Shop Ltd",
			"AddressLine1": "1 High Street",
			"City": "London",
			"PostalCode": "EC1A 1AA",
			"CountryCode": "GB",
			"PhoneNumber": "+44 20 7946 0001",
			"WebsiteUrl": "https://shop.example.com",
		},
		"AlternateContacts": {
			"SECURITY": contact("SECURITY"),
			"BILLING": object.union(contact("BILLING"), {"Name": "Finance", "EmailAddress": "billing@example.com"}),
			"OPERATIONS": object.union(contact("OPERATIONS"), {"Name": "Operations", "EmailAddress": "ops@example.com"}),
		},
	},
	fields,
))
