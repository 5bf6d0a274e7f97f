import { describe, expect, it } from 'vitest';
import { enrich } from '../../src/enrich/index.js';
import { awsScope, k8sScope } from '../../src/model/scopes.js';
import type { Collection, Resource } from '../../src/types.js';

const ACCOUNT = '111122223333';
const TRAIL = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`;

const aws = (type: string, id: string, region: string, config: Record<string, unknown>): Resource => ({
  id,
  type,
  provider: 'aws',
  account: ACCOUNT,
  region,
  name: id.replace(/^.*[:/]/, ''),
  tags: {},
  config,
});

const k8s = (kind: string, name: string, namespace: string, config: Record<string, unknown>): Resource => ({
  id: `k8s://prod/${namespace}/${kind}/${name}`,
  type: `k8s.${kind.toLowerCase()}`,
  provider: 'k8s',
  account: 'prod',
  region: namespace,
  name,
  tags: {},
  config: { apiVersion: 'v1', kind, metadata: { name, namespace }, ...config },
});

/** Every join has something to do: trails, buckets, a namespace, workloads, a binding. */
function collection(): Collection {
  return {
    collectedAt: new Date('2026-11-01T00:00:00Z'),
    scopes: [
      {
        scope: awsScope(ACCOUNT, 'eu-west-1', 'cloudtrail'),
        status: 'ok',
        resources: [
          aws('aws.cloudtrail.region', `aws://${ACCOUNT}/eu-west-1/cloudtrail`, 'eu-west-1', {
            Trails: [{ TrailARN: TRAIL, Status: { IsLogging: true }, EventSelectors: [] }],
          }),
          aws('aws.cloudtrail.trail', TRAIL, 'eu-west-1', { Name: 'main', S3BucketName: 'logs' }),
        ],
      },
      {
        scope: awsScope(ACCOUNT, 'global', 's3'),
        status: 'ok',
        resources: [
          aws('aws.s3.bucket', 'arn:aws:s3:::logs', 'eu-west-1', {
            Logging: { TargetBucket: 'audit' },
            stance: { accountPublicAccessBlock: null },
          }),
        ],
      },
      {
        scope: k8sScope('prod', 'Namespace'),
        status: 'ok',
        resources: [k8s('Namespace', 'shop', '_cluster', {})],
      },
      { scope: k8sScope('prod', 'NetworkPolicy'), status: 'error', error: 'HTTP 403', resources: [] },
      {
        scope: k8sScope('prod', 'Pod'),
        status: 'ok',
        resources: [
          k8s('Pod', 'default-token', 'shop', { spec: { containers: [] } }),
          k8s('Pod', 'decides', 'shop', {
            spec: { automountServiceAccountToken: false, containers: [] },
            // written by an older version, when the pod did not decide yet
            stance: { serviceAccount: { collected: true, name: 'default', automount: null } },
          }),
        ],
      },
      {
        scope: k8sScope('prod', 'RoleBinding'),
        status: 'ok',
        resources: [k8s('RoleBinding', 'b', 'shop', { roleRef: { kind: 'Role', name: 'r' } })],
      },
    ],
  };
}

const stanceOf = (c: Collection, id: string) =>
  (c.scopes.flatMap((s) => s.resources).find((r) => r.id === id)!.config as { stance?: unknown }).stance;

describe('the enrichment stage', () => {
  it('joins across every scope and keeps the facts collectors wrote', () => {
    const out = enrich(collection());
    expect(stanceOf(out, TRAIL)).toEqual({
      bucketLogging: { collected: true, bucket: 'logs', enabled: true, target: 'audit' },
    });
    expect(stanceOf(out, 'arn:aws:s3:::logs')).toEqual({
      accountPublicAccessBlock: null,
      dataEvents: { collected: true, read: [], write: [] },
    });
    expect(stanceOf(out, 'k8s://prod/_cluster/Namespace/shop')).toEqual({
      networkPolicies: { collected: false, error: expect.stringMatching(/HTTP 403/) },
    });
    expect(stanceOf(out, 'k8s://prod/shop/Pod/default-token')).toEqual({
      serviceAccount: { collected: false, name: 'default', listed: false },
      services: { collected: false, reason: 'Services were not collected' },
      limitRange: { collected: false, reason: 'LimitRanges were not collected' },
    });
    // a join result that no longer applies is removed, not kept from the old snapshot
    expect(stanceOf(out, 'k8s://prod/shop/Pod/decides')).not.toHaveProperty('serviceAccount');
    expect(stanceOf(out, 'k8s://prod/shop/RoleBinding/b')).toMatchObject({
      role: { collected: false, kind: 'Role', name: 'r' },
    });
  });

  it('is idempotent and leaves the collection it was given as it was', () => {
    const input = collection();
    const before = structuredClone(input);
    const once = enrich(input);
    expect(input).toEqual(before);
    expect(enrich(once)).toEqual(once);
    expect(once.scopes.map((s) => s.scope.key)).toEqual(input.scopes.map((s) => s.scope.key));
    expect(once.scopes.map((s) => s.resources.length)).toEqual(input.scopes.map((s) => s.resources.length));
  });
});
