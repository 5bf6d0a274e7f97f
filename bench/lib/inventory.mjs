// Deterministic synthetic inventories for benchmarks and tests: security groups, IAM users,
// S3 buckets, Pods and Deployments in the real API shapes, about 15% of them misconfigured.
import { writeFileSync } from 'node:fs';

/** mulberry32: a tiny seeded PRNG so inventories are reproducible. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['sg', 'sg', 'pod', 'user', 'bucket', 'deployment'];
const CONTROL_PLANE = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'];

/**
 * opts: { resources, seed, variant = 0, account, regions, cluster, mix = true }
 * `variant` changes which resources fail and which exist (≈5% absent), to create transitions.
 * `mix: false` yields only security groups and pods (the crash tests' original shape).
 */
export function generateSnapshot(opts) {
  const account = opts.account ?? '210987654321';
  const regions = opts.regions ?? ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
  const cluster = opts.cluster ?? 'bench';
  const variant = opts.variant ?? 0;
  const mix = opts.mix ?? false;
  const random = prng(opts.seed * 7919 + variant);
  const resources = [];
  const scopes = new Map();
  const addScope = (s) => scopes.set(JSON.stringify(s), { ...s, status: 'ok' });
  // What the joins of src/enrich read, as collectors write it (a snapshot holds no join results).
  const added = new Set();
  const once = (key, add) => {
    if (added.has(key)) return;
    added.add(key);
    add();
  };
  // Each namespace's default service account; those of ns-3 leave token automounting on.
  const serviceAccountOf = (ns) =>
    once(`sa/${ns}`, () => {
      addScope({ provider: 'k8s', account: cluster, region: '_cluster', kind: 'ServiceAccount' });
      resources.push({
        id: `k8s://${cluster}/${ns}/ServiceAccount/default`,
        type: 'k8s.serviceaccount',
        provider: 'k8s',
        account: cluster,
        region: ns,
        name: 'default',
        tags: {},
        config: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: ns },
          ...(ns === 'ns-3' ? {} : { automountServiceAccountToken: false }),
        },
      });
    });
  // A region's CloudTrail listing, without trails: the buckets' data-event coverage is known (none).
  const trailsOf = (region) =>
    once(`trails/${region}`, () => {
      addScope({ provider: 'aws', account, region, service: 'cloudtrail' });
      resources.push({
        id: `aws://${account}/${region}/cloudtrail`,
        type: 'aws.cloudtrail.region',
        provider: 'aws',
        account,
        region,
        name: region,
        tags: {},
        config: { Trails: [] },
      });
    });
  for (const region of regions) addScope({ provider: 'aws', account, region, service: 'ec2' });
  addScope({ provider: 'k8s', account: cluster, region: '_cluster', kind: 'Pod' });
  // The kinds the workload joins read, listed completely (empty): no Service, budget, autoscaler
  // or LimitRange, as a live collection of a cluster without them says.
  for (const kind of ['Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'LimitRange'])
    addScope({ provider: 'k8s', account: cluster, region: '_cluster', kind });
  for (let i = 0; i < opts.resources; i++) {
    if (random() < 0.05) continue;
    const kind = mix ? KINDS[i % KINDS.length] : i % 4 === 3 ? 'pod' : 'sg';
    const bad = random() < (kind === 'sg' ? 0.2 : 0.15);
    const owner = { owner: `team-${i % 5}` };
    if (kind === 'pod' || kind === 'deployment') {
      const name = `app-${i}`;
      const ns = `ns-${i % 7}`;
      const isPod = kind === 'pod';
      // in mixed inventories, one Pod in five is a control-plane static Pod (kube-system), so the flag rules evaluate
      const component =
        mix && isPod && i % 30 === 2 ? CONTROL_PLANE[Math.floor(i / 30) % CONTROL_PLANE.length] : undefined;
      const podSpec = component
        ? {
            containers: [
              {
                name: component,
                image: `registry.k8s.io/${component}:v1.32.2`,
                command: [component, `--profiling=${bad}`, '--bind-address=127.0.0.1'],
              },
            ],
          }
        : {
            containers: [
              {
                name: 'main',
                image: `registry.example/app:${i}`,
                securityContext: { privileged: bad },
                // one workload in ten writes to a persistent volume
                ...(i % 10 === 0 ? { volumeMounts: [{ name: 'data', mountPath: '/data' }] } : {}),
              },
            ],
            ...(i % 10 === 0
              ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: name } }] }
              : {}),
          };
      const k8sKind = isPod ? 'Pod' : 'Deployment';
      const podName = component ? `${component}-${i}` : name;
      const podNs = component ? 'kube-system' : ns;
      const labels = component ? { component, tier: 'control-plane' } : { app: name };
      addScope({ provider: 'k8s', account: cluster, region: '_cluster', kind: k8sKind });
      resources.push({
        id: `k8s://${cluster}/${podNs}/${k8sKind}/${podName}`,
        type: isPod ? 'k8s.pod' : 'k8s.deployment',
        provider: 'k8s',
        account: cluster,
        region: podNs,
        name: podName,
        tags: { ...labels, ...owner },
        config: {
          apiVersion: isPod ? 'v1' : 'apps/v1',
          kind: k8sKind,
          metadata: { name: podName, namespace: podNs, labels },
          spec: isPod
            ? podSpec
            : {
                replicas: 2,
                selector: { matchLabels: { app: name } },
                template: { metadata: { labels: { app: name } }, spec: podSpec },
              },
        },
      });
      serviceAccountOf(podNs);
      // one workload in ten is behind a Service
      if (!component && i % 10 === 5)
        resources.push({
          id: `k8s://${cluster}/${ns}/Service/${name}`,
          type: 'k8s.service',
          provider: 'k8s',
          account: cluster,
          region: ns,
          name,
          tags: owner,
          config: {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name, namespace: ns },
            spec: {
              type: i % 20 === 5 ? 'LoadBalancer' : 'ClusterIP',
              selector: { app: name },
              ports: [{ port: 80, targetPort: 8080 }],
            },
          },
        });
    } else if (kind === 'user') {
      addScope({ provider: 'aws', account, region: 'global', service: 'iam' });
      const name = `user-${i}`;
      const password = random() < 0.5;
      resources.push({
        id: `arn:aws:iam::${account}:user/${name}`,
        type: 'aws.iam.user',
        provider: 'aws',
        account,
        region: 'global',
        name,
        tags: owner,
        config: {
          Path: '/',
          UserName: name,
          UserId: `AIDA${i}`,
          Arn: `arn:aws:iam::${account}:user/${name}`,
          CreateDate: '2024-01-01T00:00:00Z',
          GroupList: [],
          AttachedManagedPolicies: [],
          UserPolicyList: [],
          Tags: [],
          MFADevices: [],
          // every third user has an access key (one in six two of them), used a week before collection
          AccessKeys: [0, 1]
            .filter((k) => i % 3 === 0 && (k === 0 || i % 6 === 0))
            .map((k) => ({
              UserName: name,
              AccessKeyId: `AKIA${String(i * 2 + k).padStart(16, '0')}`,
              Status: 'Active',
              CreateDate: '2026-09-01T00:00:00Z',
              LastUsed: { LastUsedDate: '2026-10-25T00:00:00Z', ServiceName: 's3', Region: 'eu-west-1' },
            })),
          CredentialReport: {
            user: name,
            password_enabled: password ? 'true' : 'false',
            password_last_used: password ? '2026-10-28T00:00:00+00:00' : 'N/A',
            password_last_changed: password ? '2026-01-01T00:00:00+00:00' : 'N/A',
            mfa_active: bad ? 'false' : 'true',
          },
        },
      });
    } else if (kind === 'bucket') {
      addScope({ provider: 'aws', account, region: 'global', service: 's3' });
      trailsOf(regions[i % regions.length]);
      const name = `bucket-${i}`;
      const all = {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      };
      resources.push({
        id: `arn:aws:s3:::${name}`,
        type: 'aws.s3.bucket',
        provider: 'aws',
        account,
        region: regions[i % regions.length],
        name,
        tags: owner,
        config: {
          Name: name,
          CreationDate: '2024-01-01T00:00:00Z',
          Region: regions[i % regions.length],
          // the collector's shape (docs/aws-resources.md): null is "none configured", never absent
          Policy: null,
          PublicAccessBlockConfiguration: bad ? null : all,
          Versioning: { Status: 'Enabled', MFADelete: 'Disabled' },
          stance: { accountPublicAccessBlock: null },
        },
      });
    } else {
      const region = regions[i % regions.length];
      const groupId = `sg-${i.toString(16).padStart(17, '0')}`;
      resources.push({
        id: `arn:aws:ec2:${region}:${account}:security-group/${groupId}`,
        type: 'aws.ec2.security_group',
        provider: 'aws',
        account,
        region,
        name: `group-${i}`,
        tags: owner,
        config: {
          GroupId: groupId,
          GroupName: mix && i % 50 === 0 ? 'default' : `group-${i}`,
          VpcId: 'vpc-0a1b2c3d',
          OwnerId: account,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              IpRanges: [{ CidrIp: '0.0.0.0/0' }],
              Ipv6Ranges: [],
            },
            {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              IpRanges: [{ CidrIp: bad ? '0.0.0.0/0' : '10.0.0.0/8' }],
              Ipv6Ranges: [],
            },
          ],
          IpPermissionsEgress: [],
        },
      });
    }
  }
  return {
    version: 1,
    collectedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, variant)).toISOString(),
    scopes: [...scopes.values()],
    resources,
  };
}

export function writeSnapshotFile(path, opts) {
  writeFileSync(path, JSON.stringify(generateSnapshot(opts)));
  return path;
}
