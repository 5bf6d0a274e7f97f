import { writeFileSync } from 'node:fs';

/** Small deterministic PRNG (mulberry32) so generated inventories are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InventoryOptions {
  resources: number;
  seed: number;
  /** Variant changes which resources fail and which exist, to create transitions between scans. */
  variant?: number;
  account?: string;
  regions?: string[];
  cluster?: string;
}

/** A snapshot of security groups over several regions and Kubernetes pods, some misconfigured. */
export function generateSnapshot(opts: InventoryOptions) {
  const account = opts.account ?? '210987654321';
  const regions = opts.regions ?? ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
  const cluster = opts.cluster ?? 'bench';
  const variant = opts.variant ?? 0;
  const random = prng(opts.seed * 7919 + variant);
  const resources: unknown[] = [];
  for (let i = 0; i < opts.resources; i++) {
    if (random() < 0.05) continue; // absent in this variant
    if (i % 4 === 3) {
      const privileged = random() < 0.15;
      const name = `app-${i}`;
      resources.push({
        id: `k8s://${cluster}/shop/Pod/${name}`,
        type: 'k8s.pod',
        provider: 'k8s',
        account: cluster,
        region: 'shop',
        name,
        tags: { app: 'shop', owner: `team-${i % 5}` },
        config: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: 'shop', labels: { app: 'shop' } },
          spec: { containers: [{ name: 'main', image: `registry.example/app:${i}`, securityContext: { privileged } }] },
        },
      });
    } else {
      const region = regions[i % regions.length]!;
      const open = random() < 0.2;
      const groupId = `sg-${i.toString(16).padStart(17, '0')}`;
      resources.push({
        id: `arn:aws:ec2:${region}:${account}:security-group/${groupId}`,
        type: 'aws.ec2.security_group',
        provider: 'aws',
        account,
        region,
        name: `group-${i}`,
        tags: { owner: `team-${i % 5}` },
        config: {
          GroupId: groupId,
          GroupName: `group-${i}`,
          VpcId: 'vpc-0a1b2c3d',
          OwnerId: account,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [] },
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: open ? '0.0.0.0/0' : '10.0.0.0/8' }], Ipv6Ranges: [] },
          ],
        },
      });
    }
  }
  return {
    version: 1,
    collectedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, variant)).toISOString(),
    scopes: [
      ...regions.map((region) => ({ provider: 'aws', account, region, service: 'ec2', status: 'ok' })),
      { provider: 'k8s', account: cluster, region: '_cluster', kind: 'Pod', status: 'ok' },
    ],
    resources,
  };
}

export function writeSnapshotFile(path: string, opts: InventoryOptions): string {
  writeFileSync(path, JSON.stringify(generateSnapshot(opts)));
  return path;
}
