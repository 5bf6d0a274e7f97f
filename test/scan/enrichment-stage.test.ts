import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectManifests } from '../../src/collect/k8s/manifests.js';
import { loadSnapshot } from '../../src/collect/snapshot.js';
import { loadBundle } from '../../src/policy/bundle.js';
import { createEngine } from '../../src/policy/engine.js';
import { runScan } from '../../src/scan/pipeline.js';
import { openStore } from '../../src/store/index.js';
import type { Collection } from '../../src/types.js';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { joinFactsIn } from '../helpers/join-facts.js';

/**
 * Enrichment is a stage of the scan (DESIGN.md "Data flow"): collectors and the snapshot loader hand
 * over what the APIs said, and the joins run once, in the pipeline, whatever the source. A snapshot
 * written by an older version may carry join results: they are recomputed, so a fix to an
 * enricher reaches old snapshots too.
 */

const joinFacts = (collection: Collection) => joinFactsIn(collection.scopes.flatMap((s) => s.resources));

const k8s = (kind: string, name: string, namespace: string | undefined, config: Record<string, unknown>) => ({
  id: `k8s://prod/${namespace ?? '_cluster'}/${kind}/${name}`,
  type: `k8s.${kind.toLowerCase()}`,
  provider: 'k8s',
  account: 'prod',
  region: namespace ?? '_cluster',
  name,
  tags: {},
  config: {
    apiVersion: kind.endsWith('Binding') || kind.endsWith('Role') ? 'rbac.authorization.k8s.io/v1' : 'v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    ...config,
  },
});

const ACCOUNT = '111122223333';
const TRAIL = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`;

/**
 * Written by an older Stance: each join result in it is stale, the opposite of what the objects
 * beside it say.
 */
const oldSnapshot = {
  version: 1,
  collectedAt: '2026-11-01T00:00:00Z',
  scopes: [
    ...['Namespace', 'NetworkPolicy', 'ClusterRole', 'ClusterRoleBinding'].map((kind) => ({
      provider: 'k8s',
      account: 'prod',
      region: '_cluster',
      kind,
      status: 'ok',
    })),
    { provider: 'aws', account: ACCOUNT, region: 'eu-west-1', service: 'cloudtrail', status: 'ok' },
    { provider: 'aws', account: ACCOUNT, region: 'global', service: 's3', status: 'ok' },
  ],
  resources: [
    // a policy exists in shop, none in payments; the old join said the opposite
    k8s('Namespace', 'shop', undefined, { stance: { networkPolicies: 0 } }),
    k8s('Namespace', 'payments', undefined, { stance: { networkPolicies: 4 } }),
    k8s('NetworkPolicy', 'default-deny', 'shop', { spec: { podSelector: {} } }),
    // the role grants everything now; the old join copied rules that granted nothing
    k8s('ClusterRole', 'ops-all', undefined, {
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    }),
    k8s('ClusterRoleBinding', 'ops', undefined, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ops-all' },
      subjects: [{ kind: 'Group', name: 'ops' }],
      stance: { role: { collected: true, exists: true, kind: 'ClusterRole', name: 'ops-all', rules: [] } },
    }),
    // the trail's bucket has no access logging; the old join said it had
    {
      id: TRAIL,
      type: 'aws.cloudtrail.trail',
      provider: 'aws',
      account: ACCOUNT,
      region: 'eu-west-1',
      name: 'main',
      tags: {},
      config: {
        Name: 'main',
        TrailARN: TRAIL,
        S3BucketName: 'trail-logs',
        stance: { bucketLogging: { collected: true, bucket: 'trail-logs', enabled: true, target: 'x' } },
      },
    },
    {
      id: 'arn:aws:s3:::trail-logs',
      type: 'aws.s3.bucket',
      provider: 'aws',
      account: ACCOUNT,
      region: 'eu-west-1',
      name: 'trail-logs',
      tags: {},
      config: { Name: 'trail-logs', Logging: null },
    },
  ],
};

describe('enrichment, a stage of the scan pipeline', () => {
  it('an old snapshot with stale join results scans to the verdicts the current enricher gives', async () => {
    const file = join(tempDir(), 'old.json');
    writeFileSync(file, JSON.stringify(oldSnapshot));
    const bundle = loadBundle();
    const store = await openStore(':memory:');
    const engine = await createEngine({ bundle, threads: 1 });
    try {
      await runScan({ store, bundle, engine, command: 'test', collection: loadSnapshot(file) });
      const findings = await store.findings.current();
      const verdict = (resourceId: string, ruleId: string) =>
        findings.find((f) => f.resourceId === resourceId && f.ruleId === ruleId)?.status;
      expect(verdict('k8s://prod/_cluster/Namespace/shop', 'k8s-namespace-network-policy')).toBe('pass');
      expect(verdict('k8s://prod/_cluster/Namespace/payments', 'k8s-namespace-network-policy')).toBe('fail');
      expect(verdict('k8s://prod/_cluster/ClusterRoleBinding/ops', 'k8s-rbac-cluster-admin-binding')).toBe(
        'fail',
      );
      expect(verdict(TRAIL, 'aws-cloudtrail-bucket-access-logging')).toBe('fail');
      // the stored configuration is the enriched one: what the rules saw
      const shop = await store.resources.get('k8s://prod/_cluster/Namespace/shop');
      expect((shop?.config as { stance?: unknown }).stance).toEqual({ networkPolicies: 1 });
    } finally {
      await engine.close();
      await store.close();
    }
  });

  it('the snapshot loader hands over the file as written, without joining', () => {
    const file = join(tempDir(), 'raw.json');
    const raw = structuredClone(oldSnapshot);
    for (const r of raw.resources) delete (r.config as { stance?: unknown }).stance;
    writeFileSync(file, JSON.stringify(raw));
    expect(joinFacts(loadSnapshot(file))).toEqual([]);
  });

  it('a manifest collection carries no join results', () => {
    const collection = collectManifests(['-'], {
      cwd: repoRoot,
      stdin: () =>
        [
          'apiVersion: v1',
          'kind: Namespace',
          'metadata: {name: shop}',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata: {name: app, namespace: shop}',
          'spec: {containers: [{name: app, image: app}]}',
          '---',
          'apiVersion: rbac.authorization.k8s.io/v1',
          'kind: ClusterRoleBinding',
          'metadata: {name: ops}',
          'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}',
        ].join('\n'),
    });
    expect(collection.scopes.flatMap((s) => s.resources)).toHaveLength(3);
    expect(joinFacts(collection)).toEqual([]);
  });
});
