import { describe, expect, it } from 'vitest';
import { enrich } from '../../src/enrich/index.js';
import { selectorMatches } from '../../src/enrich/k8s.js';
import { k8sScope, manifestScope } from '../../src/model/scopes.js';
import type { CollectedScope, Collection, Resource } from '../../src/types.js';

const object = (
  kind: string,
  name: string,
  namespace: string,
  body: Record<string, unknown> = {},
): Resource => ({
  id: `k8s://prod/${namespace}/${kind}/${name}`,
  type: `k8s.${kind.toLowerCase()}`,
  provider: 'k8s',
  account: 'prod',
  region: namespace,
  name,
  tags: {},
  config: { apiVersion: 'v1', kind, metadata: { name, namespace }, ...body },
});

const scope = (
  kind: string,
  resources: Resource[],
  status: CollectedScope['status'] = 'ok',
): CollectedScope => ({
  scope: k8sScope('prod', kind),
  status,
  ...(status === 'ok' ? {} : { error: `list ${kind}: HTTP 403` }),
  resources,
});

const deployment = (name: string, labels: Record<string, string>, replicas = 3) =>
  object('Deployment', name, 'shop', {
    apiVersion: 'apps/v1',
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [] } },
    },
  });

const facts = (collection: Collection, id: string) =>
  (
    collection.scopes.flatMap((s) => s.resources).find((r) => r.id === id)!.config as {
      stance?: Record<string, unknown>;
    }
  ).stance ?? {};

const WEB = 'k8s://prod/shop/Deployment/web';

function live(overrides: Partial<Record<string, CollectedScope>> = {}): Collection {
  const scopes: Record<string, CollectedScope> = {
    Deployment: scope('Deployment', [
      deployment('web', { app: 'web', tier: 'front' }),
      deployment('worker', { app: 'worker' }),
    ]),
    Service: scope('Service', [
      object('Service', 'web', 'shop', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }),
      object('Service', 'external', 'shop', {
        spec: { type: 'ExternalName', externalName: 'db.example.com' },
      }),
      object('Service', 'elsewhere', 'other', { spec: { selector: { app: 'worker' } } }),
    ]),
    PodDisruptionBudget: scope('PodDisruptionBudget', [
      object('PodDisruptionBudget', 'web', 'shop', {
        spec: {
          maxUnavailable: 1,
          selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] },
        },
      }),
      object('PodDisruptionBudget', 'none', 'shop', { spec: { maxUnavailable: 1 } }),
    ]),
    HorizontalPodAutoscaler: scope('HorizontalPodAutoscaler', [
      object('HorizontalPodAutoscaler', 'web', 'shop', {
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 2,
          maxReplicas: 5,
        },
      }),
    ]),
    LimitRange: scope('LimitRange', [
      object('LimitRange', 'defaults', 'shop', {
        spec: {
          limits: [
            { type: 'Container', default: { memory: '256Mi' }, defaultRequest: { cpu: '100m' } },
            { type: 'Pod', max: { cpu: '4' } },
          ],
        },
      }),
    ]),
    ...overrides,
  };
  return { collectedAt: new Date(), scopes: Object.values(scopes).filter((s) => s !== undefined) };
}

describe('Kubernetes enrichment: workload joins', () => {
  it('joins Services, budgets, the autoscaler and LimitRange defaults of the namespace', () => {
    const c = enrich(live());
    expect(facts(c, WEB)).toMatchObject({
      services: { collected: true, names: ['web'] },
      podDisruptionBudgets: { collected: true, names: ['web'] },
      autoscaler: { collected: true, found: true, name: 'web', minReplicas: 2 },
      // the default limit is also the default request
      limitRange: { collected: true, defaultRequests: ['cpu', 'memory'], defaultLimits: ['memory'] },
    });
    expect(facts(c, 'k8s://prod/shop/Deployment/worker')).toMatchObject({
      services: { collected: true, names: [] }, // a Service in another namespace does not count
      podDisruptionBudgets: { collected: true, names: [] }, // a budget without a selector selects nothing
      autoscaler: { collected: true, found: false },
    });
  });

  it('says "not collected" for a kind whose listing failed or is missing, never "none"', () => {
    const c = enrich(
      live({
        Service: scope('Service', [], 'error'),
        PodDisruptionBudget: scope('PodDisruptionBudget', [], 'error'),
        HorizontalPodAutoscaler: scope('HorizontalPodAutoscaler', [], 'error'),
        LimitRange: undefined,
      }),
    );
    expect(facts(c, WEB)).toMatchObject({
      services: {
        collected: false,
        reason: 'Services were not listed completely (k8s/prod/Service: list Service: HTTP 403)',
      },
      podDisruptionBudgets: {
        collected: false,
        reason:
          'PodDisruptionBudgets were not listed completely (k8s/prod/PodDisruptionBudget: list PodDisruptionBudget: HTTP 403)',
      },
      autoscaler: {
        collected: false,
        reason:
          'HorizontalPodAutoscalers were not listed completely (k8s/prod/HorizontalPodAutoscaler: list HorizontalPodAutoscaler: HTTP 403)',
      },
      limitRange: { collected: false, reason: 'LimitRanges were not collected' },
    });
  });

  it('treats the scanned manifest files as the complete set, unless one could not be read', () => {
    const manifests = (status: CollectedScope['status']): Collection => ({
      collectedAt: new Date(),
      scopes: [
        {
          scope: manifestScope('prod', 'app.yaml'),
          status: 'ok',
          resources: [deployment('web', { app: 'web' })],
        },
        { scope: manifestScope('prod', 'other.yaml'), status, resources: [] },
      ],
    });
    expect(facts(enrich(manifests('ok')), WEB)).toMatchObject({
      services: { collected: true, names: [] },
      podDisruptionBudgets: { collected: true, names: [] },
      autoscaler: { collected: true, found: false },
      limitRange: { collected: true, defaultRequests: [], defaultLimits: [] },
    });
    expect(facts(enrich(manifests('partial')), WEB)).toMatchObject({
      podDisruptionBudgets: {
        collected: false,
        reason: expect.stringMatching(/^PodDisruptionBudgets were not listed completely/),
      },
    });
  });

  it('matches label selectors as the API defines them', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(
      selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, labels),
    ).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, {})).toBe(false);
    expect(
      selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, labels),
    ).toBe(false);
  });

  it('recomputes its facts: a stale join from an old snapshot is replaced', () => {
    const stale = live();
    const web = stale.scopes[0]!.resources[0]!;
    web.config = {
      ...(web.config as object),
      stance: { podDisruptionBudgets: { collected: true, names: ['gone'] } },
    };
    expect(facts(enrich(stale), WEB).podDisruptionBudgets).toEqual({ collected: true, names: ['web'] });
  });
});
