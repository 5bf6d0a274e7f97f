#!/usr/bin/env node
// Writes demo/environment.json: the sample environment `stance demo` scans. A fictional retailer,
// "Acme Retail": one AWS account over two regions and one Kubernetes cluster, in the APIs' own shapes.
// Edit this file, then run `node demo/make-environment.mjs` and commit both.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ACCOUNT = '111122223333';
const CLUSTER = 'acme-prod';
const COLLECTED_AT = '2026-11-20T06:00:00Z';
const resources = [];
const tagList = (tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

// --- EC2 security groups -------------------------------------------------------------------
function rule(protocol, from, to, v4 = [], v6 = [], description) {
  return {
    IpProtocol: protocol,
    ...(protocol === '-1' ? {} : { FromPort: from, ToPort: to }),
    IpRanges: v4.map((CidrIp) => ({ CidrIp, ...(description ? { Description: description } : {}) })),
    Ipv6Ranges: v6.map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
    UserIdGroupPairs: [],
  };
}
function securityGroup(region, groupId, name, description, vpc, ingress, tags) {
  resources.push({
    id: `arn:aws:ec2:${region}:${ACCOUNT}:security-group/${groupId}`,
    type: 'aws.ec2.security_group',
    provider: 'aws',
    account: ACCOUNT,
    region,
    name,
    tags,
    config: {
      GroupId: groupId,
      GroupName: name,
      Description: description,
      VpcId: vpc,
      OwnerId: ACCOUNT,
      IpPermissions: ingress,
      IpPermissionsEgress: [rule('-1', 0, 0, ['0.0.0.0/0'])],
      Tags: tagList(tags),
    },
  });
}
securityGroup('eu-west-1', 'sg-0a3f1c2d4e5b60711', 'shop-alb', 'Public load balancer for the web shop', 'vpc-0c1d2e3f4a5b60001',
  [rule('tcp', 443, 443, ['0.0.0.0/0'], ['::/0'], 'HTTPS from anywhere'), rule('tcp', 80, 80, ['0.0.0.0/0'], ['::/0'], 'redirect to HTTPS')],
  { owner: 'team-shop', environment: 'production' });
securityGroup('eu-west-1', 'sg-0b41d3e5f6a7b8c92', 'orders-db', 'PostgreSQL for the orders service', 'vpc-0c1d2e3f4a5b60001',
  [rule('tcp', 5432, 5432, ['10.20.0.0/16'], [], 'app subnets')], { owner: 'team-payments', environment: 'production' });
securityGroup('eu-west-1', 'sg-0c52e4f6a7b8c9d03', 'bastion-legacy', 'Old jump host, pending decommission', 'vpc-0c1d2e3f4a5b60001',
  [rule('tcp', 22, 22, ['0.0.0.0/0'], [], 'temporary vendor access')], { owner: 'team-platform', environment: 'production' });
securityGroup('eu-west-1', 'sg-0d63f5a7b8c9d0e14', 'eks-nodes', 'EKS worker nodes', 'vpc-0c1d2e3f4a5b60001',
  [rule('tcp', 1025, 65535, ['10.20.0.0/16']), rule('tcp', 443, 443, ['10.20.0.0/16'])], { owner: 'team-platform', environment: 'production' });
securityGroup('us-east-1', 'sg-0e74a6b8c9d0e1f25', 'reporting-windows', 'BI reporting server', 'vpc-0f9e8d7c6b5a40002',
  [rule('tcp', 3389, 3389, [], ['::/0'], 'RDP for analysts')], { owner: 'team-data', environment: 'production' });
securityGroup('us-east-1', 'sg-0f85b7c9d0e1f2a36', 'load-test', 'Load test rig, wide open', 'vpc-0f9e8d7c6b5a40002',
  [rule('-1', 0, 0, ['0.0.0.0/0'])], { owner: 'team-shop', environment: 'staging' });
securityGroup('us-east-1', 'sg-0196c8d0e1f2a3b47', 'default', 'default VPC security group', 'vpc-0f9e8d7c6b5a40002',
  [{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: 'sg-0196c8d0e1f2a3b47', UserId: ACCOUNT }] }], {});

// --- IAM users with their credential-report rows -------------------------------------------
function credentialRow(user, created, password, mfa, key1) {
  const na = 'N/A';
  return {
    user,
    arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    user_creation_time: created,
    password_enabled: password ? 'true' : 'false',
    password_last_used: password ? '2026-11-18T16:42:10+00:00' : na,
    password_last_changed: password ? '2026-08-02T09:15:00+00:00' : na,
    password_next_rotation: na,
    mfa_active: mfa ? 'true' : 'false',
    access_key_1_active: key1 ? 'true' : 'false',
    access_key_1_last_rotated: key1 ? '2025-02-11T12:00:00+00:00' : na,
    access_key_1_last_used_date: key1 ? '2026-11-19T23:10:00+00:00' : na,
    access_key_1_last_used_region: key1 ? 'eu-west-1' : na,
    access_key_1_last_used_service: key1 ? 's3' : na,
    access_key_2_active: 'false',
    access_key_2_last_rotated: na,
    access_key_2_last_used_date: na,
    access_key_2_last_used_region: na,
    access_key_2_last_used_service: na,
    cert_1_active: 'false',
    cert_1_last_rotated: na,
    cert_2_active: 'false',
    cert_2_last_rotated: na,
  };
}
let userSeq = 0;
function iamUser(name, { groups = [], policies = [], password = false, mfa = false, key = false, tags = {} }) {
  const created = `2024-0${1 + (userSeq % 9)}-1${userSeq % 10}T10:00:00+00:00`;
  userSeq++;
  resources.push({
    id: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    type: 'aws.iam.user',
    provider: 'aws',
    account: ACCOUNT,
    region: 'global',
    name,
    tags,
    config: {
      Path: '/',
      UserName: name,
      UserId: `AIDA${name.toUpperCase().replace(/[^A-Z]/g, '').padEnd(17, 'X').slice(0, 17)}`,
      Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
      CreateDate: created.replace('+00:00', 'Z'),
      GroupList: groups,
      AttachedManagedPolicies: policies.map((p) => ({ PolicyName: p, PolicyArn: `arn:aws:iam::aws:policy/${p}` })),
      UserPolicyList: [],
      Tags: tagList(tags),
      CredentialReport: credentialRow(name, created, password, mfa, key),
    },
  });
}
iamUser('maria.garcia', { groups: ['admins'], password: true, mfa: true, tags: { owner: 'team-platform' } });
iamUser('li.wei', { groups: ['developers'], password: true, mfa: true, tags: { owner: 'team-shop' } });
iamUser('tom.baker', { groups: ['developers'], password: true, mfa: false, tags: { owner: 'team-shop' } });
iamUser('finance-analyst', { groups: ['billing'], password: true, mfa: false, policies: ['job-function/Billing'], tags: { owner: 'team-finance' } });
iamUser('priya.nair', { groups: ['admins'], password: true, mfa: true, tags: { owner: 'team-platform' } });
iamUser('ci-deployer', { policies: ['PowerUserAccess'], key: true, tags: { owner: 'team-platform', purpose: 'ci' } });
iamUser('backup-writer', { key: true, tags: { owner: 'team-platform', purpose: 'backups' } });
iamUser('legacy-ftp-sync', { key: true, tags: {} });

// --- S3 buckets ----------------------------------------------------------------------------
const fullBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const OWNER = 'a3f1c0de5b7e9d2f4c6a8b0e1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f';
const ownerOnly = { Owner: { ID: OWNER }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: OWNER }, Permission: 'FULL_CONTROL' }] };
const expireNoncurrent = { Rules: [{ ID: 'expire-noncurrent', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 90 } }] };
function bucket(name, region, block, { versioning = 'Enabled', logging = null, policy = null, tags = {}, acl = ownerOnly, ownership = 'BucketOwnerEnforced', lifecycle = expireNoncurrent } = {}) {
  resources.push({
    id: `arn:aws:s3:::${name}`,
    type: 'aws.s3.bucket',
    provider: 'aws',
    account: ACCOUNT,
    region,
    name,
    tags,
    config: {
      Name: name,
      CreationDate: '2023-04-12T08:30:00Z',
      Region: region,
      PublicAccessBlockConfiguration: block,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: `arn:aws:kms:${region}:${ACCOUNT}:alias/aws/s3` }, BucketKeyEnabled: true }] },
      Versioning: { Status: versioning },
      Logging: logging,
      Policy: policy,
      Acl: acl,
      LifecycleConfiguration: lifecycle,
      ObjectLockConfiguration: null,
      NotificationConfiguration: {},
      ReplicationConfiguration: null,
      OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] },
      Tags: tagList(tags),
      stance: { accountPublicAccessBlock: null },
    },
  });
}
bucket('acme-shop-assets', 'eu-west-1', { ...fullBlock, BlockPublicPolicy: false, RestrictPublicBuckets: false }, {
  policy: { Version: '2012-10-17', Statement: [{ Sid: 'CloudFrontRead', Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-shop-assets/*' }] },
  tags: { owner: 'team-shop' },
});
bucket('acme-invoices-eu', 'eu-west-1', fullBlock, { logging: { TargetBucket: 'acme-access-logs', TargetPrefix: 'invoices/' }, tags: { owner: 'team-payments', 'data-class': 'confidential' } });
// The log delivery group writes through the ACL, as buckets set up before bucket policies could do it.
bucket('acme-access-logs', 'eu-west-1', fullBlock, {
  versioning: 'Suspended',
  tags: { owner: 'team-platform' },
  ownership: 'BucketOwnerPreferred',
  acl: { ...ownerOnly, Grants: [...ownerOnly.Grants, { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' }] },
});
bucket('acme-cloudtrail-111122223333', 'us-east-1', fullBlock, { tags: { owner: 'team-security' } });
bucket('acme-data-exports', 'us-east-1', null, { tags: { owner: 'team-data' }, lifecycle: null });
bucket('acme-terraform-state', 'eu-west-1', fullBlock, { tags: { owner: 'team-platform' } });

// --- Other AWS resources (no seed rule yet; stored and shown) ------------------------------
const plain = (id, type, region, name, config, tags = {}) =>
  resources.push({ id, type, provider: 'aws', account: ACCOUNT, region, name, tags, config });
plain(`arn:aws:iam::${ACCOUNT}:role/eks-node-role`, 'aws.iam.role', 'global', 'eks-node-role', {
  RoleName: 'eks-node-role', Path: '/', Arn: `arn:aws:iam::${ACCOUNT}:role/eks-node-role`, CreateDate: '2024-02-01T10:00:00Z',
  AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
  AttachedManagedPolicies: [{ PolicyName: 'AmazonEKSWorkerNodePolicy', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }],
}, { owner: 'team-platform' });
plain(`arn:aws:iam::${ACCOUNT}:role/partner-readonly`, 'aws.iam.role', 'global', 'partner-readonly', {
  RoleName: 'partner-readonly', Path: '/', Arn: `arn:aws:iam::${ACCOUNT}:role/partner-readonly`, CreateDate: '2025-06-15T10:00:00Z',
  AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'acme-7781' } } }] },
  AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
}, { owner: 'team-security' });
plain(`aws://${ACCOUNT}/global/account`, 'aws.iam.account', 'global', ACCOUNT, {
  AccountSummary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 },
  Root: { user: '<root_account>', password_last_used: '2026-02-11T09:15:00+00:00', mfa_active: 'true', access_key_1_active: 'false', access_key_2_active: 'false', access_key_1_last_used_date: 'N/A', access_key_2_last_used_date: 'N/A' },
  VirtualMFADevices: [],
  stance: { supportRoles: [], supportPolicyAttached: false },
});
plain(`aws://${ACCOUNT}/global/iam-password-policy`, 'aws.iam.password_policy', 'global', 'password-policy', {
  exists: true,
  PasswordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: false, PasswordReusePrevention: 24 },
});
plain(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/3f1b9a52-7c4d-4e8a-9b0f-2d6e8c1a4b77`, 'aws.kms.key', 'eu-west-1', 'payments-data', {
  KeyId: '3f1b9a52-7c4d-4e8a-9b0f-2d6e8c1a4b77', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', KeyRotationEnabled: true,
  Policy: { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] },
}, { owner: 'team-payments' });
// One multi-region trail, logging management events and the invoices bucket's object writes,
// into CloudWatch Logs where only the root-usage metric filter has an alarm with a subscriber.
const trail = {
  Name: 'org-trail', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`, S3BucketName: 'acme-cloudtrail-111122223333',
  IsMultiRegionTrail: true, IsOrganizationTrail: false, LogFileValidationEnabled: true, HomeRegion: 'us-east-1',
  CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:org-trail:*`,
  Status: { IsLogging: true, LatestDeliveryTime: '2026-11-01T07:55:00Z' },
  EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::acme-invoices-eu/'] }] }],
  AdvancedEventSelectors: [],
};
plain(trail.TrailARN, 'aws.cloudtrail.trail', 'us-east-1', 'org-trail', trail, { owner: 'team-security' });
for (const region of ['us-east-1', 'eu-west-1']) plain(`aws://${ACCOUNT}/${region}/cloudtrail`, 'aws.cloudtrail.region', region, `cloudtrail ${region}`, { Trails: [trail] });
plain(`aws://${ACCOUNT}/us-east-1/logs-metric-filter/org-trail/root-usage`, 'aws.logs.metric_filter', 'us-east-1', 'root-usage', {
  filterName: 'root-usage', logGroupName: 'org-trail',
  filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  metricTransformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }],
});
plain(`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:root-usage`, 'aws.cloudwatch.alarm', 'us-east-1', 'root-usage', {
  AlarmName: 'root-usage', MetricName: 'RootAccountUsage', Namespace: 'CISBenchmark', AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`],
});
plain(`arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`, 'aws.sns.topic', 'us-east-1', 'security-alerts', {
  TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`, ConfirmedSubscriptions: 2, PendingSubscriptions: 0,
  Attributes: {
    TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`, Owner: ACCOUNT, SubscriptionsConfirmed: '2', SubscriptionsPending: '0',
    Policy: { Version: '2008-10-17', Statement: [{ Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe'], Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`, Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } } }] },
  },
});
for (const [region, vpc, cidr] of [['eu-west-1', 'vpc-0c1d2e3f4a5b60001', '10.20.0.0/16'], ['us-east-1', 'vpc-0f9e8d7c6b5a40002', '10.30.0.0/16']]) {
  plain(`arn:aws:ec2:${region}:${ACCOUNT}:vpc/${vpc}`, 'aws.ec2.vpc', region, vpc, { VpcId: vpc, CidrBlock: cidr, IsDefault: false, State: 'available', FlowLogs: [] }, { owner: 'team-platform' });
  plain(`aws://${ACCOUNT}/${region}/ebs-encryption-default`, 'aws.ec2.ebs_encryption_default', region, 'ebs-encryption-default', { EbsEncryptionByDefault: region === 'eu-west-1' });
}

// --- Kubernetes ------------------------------------------------------------------------------
let uid = 0;
function k8s(kind, namespace, name, spec, { labels = {}, annotations = {}, apiVersion = 'apps/v1', extra = {} } = {}) {
  uid++;
  const metadata = {
    name,
    ...(namespace ? { namespace } : {}),
    uid: `4b1e6f0c-${String(uid).padStart(4, '0')}-4c2a-9e51-7d3b2a1c0f9e`,
    creationTimestamp: '2026-10-02T11:00:00Z',
    labels,
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  resources.push({
    id: `k8s://${CLUSTER}/${namespace ?? '_cluster'}/${kind}/${name}`,
    type: `k8s.${kind.toLowerCase()}`,
    provider: 'k8s',
    account: CLUSTER,
    region: namespace ?? '_cluster',
    name,
    tags: labels,
    config: { apiVersion, kind, metadata, ...(spec ? { spec } : {}), ...extra },
  });
}
const restricted = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false };
const container = (name, image, securityContext = restricted, ports = []) => ({
  name, image, securityContext, ports, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
});
const template = (app, podSpec) => ({ metadata: { labels: { app } }, spec: podSpec });

for (const [ns, owner, level] of [['shop', 'team-shop', 'restricted'], ['payments', 'team-payments', 'restricted'], ['monitoring', 'team-platform', 'privileged'], ['kube-system', 'team-platform', null]]) {
  k8s('Namespace', null, ns, null, {
    apiVersion: 'v1',
    labels: { 'kubernetes.io/metadata.name': ns, owner, ...(level ? { 'pod-security.kubernetes.io/enforce': level } : {}) },
    extra: { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
  });
}
k8s('Deployment', 'shop', 'storefront', { replicas: 3, selector: { matchLabels: { app: 'storefront' } },
  template: template('storefront', { serviceAccountName: 'storefront', containers: [container('web', 'registry.acme.example/shop/storefront:2.14.1', restricted, [{ containerPort: 8080 }])] }) },
  { labels: { app: 'storefront', owner: 'team-shop' } });
k8s('Deployment', 'shop', 'cart', { replicas: 2, selector: { matchLabels: { app: 'cart' } },
  template: template('cart', { containers: [container('api', 'registry.acme.example/shop/cart:1.8.0')] }) }, { labels: { app: 'cart', owner: 'team-shop' } });
k8s('StatefulSet', 'payments', 'ledger', { replicas: 3, serviceName: 'ledger', selector: { matchLabels: { app: 'ledger' } },
  template: template('ledger', { containers: [container('ledger', 'registry.acme.example/payments/ledger:5.2.0', restricted, [{ containerPort: 5000 }])] }) },
  { labels: { app: 'ledger', owner: 'team-payments' } });
k8s('CronJob', 'payments', 'settlement-report', { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure',
  containers: [container('report', 'registry.acme.example/payments/settlement:0.9.3')] } } } } }, { apiVersion: 'batch/v1', labels: { owner: 'team-payments' } });
k8s('DaemonSet', 'monitoring', 'node-log-shipper', { selector: { matchLabels: { app: 'node-log-shipper' } },
  template: template('node-log-shipper', { hostPID: true, containers: [container('shipper', 'registry.acme.example/platform/log-shipper:3.1.0', { privileged: true })],
    volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }] }) }, { labels: { app: 'node-log-shipper', owner: 'team-platform' } });
k8s('DaemonSet', 'monitoring', 'node-exporter', { selector: { matchLabels: { app: 'node-exporter' } },
  template: template('node-exporter', { hostNetwork: true, containers: [container('exporter', 'quay.io/prometheus/node-exporter:v1.9.1', { ...restricted, readOnlyRootFilesystem: true }, [{ containerPort: 9100 }])] }) },
  { labels: { app: 'node-exporter', owner: 'team-platform' } });
k8s('Deployment', 'kube-system', 'coredns', { replicas: 2, selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  template: template('coredns', { containers: [container('coredns', 'registry.k8s.io/coredns/coredns:v1.12.0', { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true })] }) },
  { labels: { 'k8s-app': 'kube-dns' } });
k8s('Pod', 'shop', 'debug-tom', { initContainers: [container('netfix', 'busybox:1.37', { privileged: true })],
  containers: [container('shell', 'nicolaka/netshoot:v0.13', { privileged: false })] }, { apiVersion: 'v1', labels: { owner: 'team-shop', purpose: 'debugging' } });
for (const [ns, name, port, owner] of [['shop', 'storefront', 8080, 'team-shop'], ['shop', 'cart', 8080, 'team-shop'], ['payments', 'ledger', 5000, 'team-payments']]) {
  k8s('Service', ns, name, { type: 'ClusterIP', selector: { app: name }, ports: [{ port: 80, targetPort: port, protocol: 'TCP' }] }, { apiVersion: 'v1', labels: { app: name, owner } });
}
for (const [ns, name] of [['shop', 'storefront'], ['payments', 'ledger'], ['monitoring', 'log-shipper']]) {
  k8s('ServiceAccount', ns, name, null, { apiVersion: 'v1', extra: { automountServiceAccountToken: false } });
}

k8s('ServiceAccount', 'shop', 'default', null, { apiVersion: 'v1' });
// Every namespace has a default service account; only payments stops it from mounting its token.
k8s('ServiceAccount', 'payments', 'default', null, { apiVersion: 'v1', extra: { automountServiceAccountToken: false } });
for (const ns of ['kube-system', 'monitoring']) k8s('ServiceAccount', ns, 'default', null, { apiVersion: 'v1' });
// Only the payments namespace isolates its pods (CIS Kubernetes 5.3.2).
k8s('NetworkPolicy', 'payments', 'default-deny', null, {
  apiVersion: 'networking.k8s.io/v1',
  labels: { owner: 'team-payments' },
  extra: { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
});
k8s('ClusterRole', null, 'release-manager', null, {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  labels: { owner: 'team-platform' },
  extra: { rules: [{ apiGroups: ['apps'], resources: ['*'], verbs: ['*'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] },
});
k8s('ClusterRoleBinding', null, 'ci-cluster-admin', null, {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  labels: { owner: 'team-platform' },
  extra: { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }] },
});

// --- scopes: every (account, region, service) and (cluster, kind) listed ---------------------
const scopes = new Map();
for (const r of resources) {
  const type = r.type.split('.');
  const scope =
    r.provider === 'aws'
      ? { provider: 'aws', account: ACCOUNT, region: ['iam', 's3', 'account'].includes(type[1]) ? 'global' : r.region, service: type[1] }
      : { provider: 'k8s', account: CLUSTER, region: '_cluster', kind: r.config.kind };
  scopes.set(JSON.stringify(scope), { ...scope, status: 'ok' });
}

const snapshot = { version: 1, collectedAt: COLLECTED_AT, scopes: [...scopes.values()], resources };
const out = join(dirname(fileURLToPath(import.meta.url)), 'environment.json');
writeFileSync(out, JSON.stringify(snapshot, null, 2) + '\n');
process.stdout.write(`wrote ${out}: ${resources.length} resources in ${scopes.size} scopes\n`);
