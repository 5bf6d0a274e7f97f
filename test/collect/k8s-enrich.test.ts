import { describe, expect, it } from 'vitest';
import { collectManifests } from '../../src/collect/k8s/manifests.js';
import type { CollectedScope, Collection } from '../../src/collect/snapshot.js';
import { enrichK8s } from '../../src/enrich/k8s.js';
import { k8sScope } from '../../src/scan/scopes.js';
import type { Resource } from '../../src/types.js';
import { repoRoot } from '../helpers/cli.js';

const object = (kind: string, name: string, namespace?: string): Resource => ({
  id: `k8s://prod/${namespace ?? '_cluster'}/${kind}/${name}`,
  type: `k8s.${kind.toLowerCase()}`,
  provider: 'k8s',
  account: 'prod',
  region: namespace ?? '_cluster',
  name,
  tags: {},
  config: { apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } },
});

const scope = (
  kind: string,
  resources: Resource[],
  status: CollectedScope['status'] = 'ok',
  error?: string,
): CollectedScope => ({
  scope: k8sScope('prod', kind),
  status,
  ...(error ? { error } : {}),
  resources,
});

const fact = (collection: Collection, name: string) =>
  (
    collection.scopes.flatMap((s) => s.resources).find((r) => r.type === 'k8s.namespace' && r.name === name)!
      .config as { stance?: { networkPolicies?: unknown } }
  ).stance?.networkPolicies;

describe('Kubernetes enrichment: NetworkPolicies per Namespace', () => {
  const namespaces = () => scope('Namespace', [object('Namespace', 'shop'), object('Namespace', 'payments')]);

  it('counts the live NetworkPolicy listing per namespace', () => {
    const c = enrichK8s({
      collectedAt: new Date(),
      scopes: [
        namespaces(),
        scope('NetworkPolicy', [
          object('NetworkPolicy', 'deny', 'shop'),
          object('NetworkPolicy', 'web', 'shop'),
        ]),
      ],
    });
    expect(fact(c, 'shop')).toBe(2);
    expect(fact(c, 'payments')).toBe(0);
  });

  it('says "not collected" when the NetworkPolicy listing errored or is missing, unless a policy was seen', () => {
    const forbidden = enrichK8s({
      collectedAt: new Date(),
      scopes: [namespaces(), scope('NetworkPolicy', [], 'error', 'list NetworkPolicy: HTTP 403')],
    });
    expect(fact(forbidden, 'shop')).toEqual({
      collected: false,
      error: expect.stringMatching(/not listed completely .*HTTP 403/),
    });
    const missing = enrichK8s({ collectedAt: new Date(), scopes: [namespaces()] });
    expect(fact(missing, 'payments')).toEqual({
      collected: false,
      error: 'NetworkPolicies were not collected',
    });
    const partial = enrichK8s({
      collectedAt: new Date(),
      scopes: [
        namespaces(),
        scope(
          'NetworkPolicy',
          [object('NetworkPolicy', 'deny', 'shop')],
          'partial',
          'some documents could not be read',
        ),
      ],
    });
    expect(fact(partial, 'shop')).toBe(1);
    expect(fact(partial, 'payments')).toEqual({ collected: false, error: expect.any(String) });
  });

  it('counts NetworkPolicies across the scanned manifest files', () => {
    const c = collectManifests(['test/fixtures/manifests/helm-rendered.yaml'], { cwd: repoRoot });
    expect(fact(c, 'shop')).toBe(1);
    const withBroken = collectManifests(
      ['test/fixtures/manifests/helm-rendered.yaml', 'test/fixtures/manifests/broken.yaml'],
      { cwd: repoRoot },
    );
    expect(fact(withBroken, 'shop')).toBe(1);
    const alone = collectManifests(['-'], {
      cwd: repoRoot,
      stdin: () => 'apiVersion: v1\nkind: Namespace\nmetadata: {name: lonely}\n',
    });
    expect(fact(alone, 'lonely')).toBe(0);
  });
});
