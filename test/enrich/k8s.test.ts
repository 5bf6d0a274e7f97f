import { describe, expect, it } from 'vitest';
import { collectManifests } from '../../src/collect/k8s/manifests.js';
import type { CollectedScope, Collection } from '../../src/types.js';
import { enrich } from '../../src/enrich/index.js';
import { k8sScope } from '../../src/model/scopes.js';
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
    const c = enrich({
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
    const forbidden = enrich({
      collectedAt: new Date(),
      scopes: [namespaces(), scope('NetworkPolicy', [], 'error', 'list NetworkPolicy: HTTP 403')],
    });
    expect(fact(forbidden, 'shop')).toEqual({
      collected: false,
      error: expect.stringMatching(/not listed completely .*HTTP 403/),
    });
    const missing = enrich({ collectedAt: new Date(), scopes: [namespaces()] });
    expect(fact(missing, 'payments')).toEqual({
      collected: false,
      error: 'NetworkPolicies were not collected',
    });
    const partial = enrich({
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
    const c = enrich(collectManifests(['test/fixtures/manifests/helm-rendered.yaml'], { cwd: repoRoot }));
    expect(fact(c, 'shop')).toBe(1);
    const withBroken = enrich(
      collectManifests(
        ['test/fixtures/manifests/helm-rendered.yaml', 'test/fixtures/manifests/broken.yaml'],
        { cwd: repoRoot },
      ),
    );
    expect(fact(withBroken, 'shop')).toBe(1);
    const alone = enrich(
      collectManifests(['-'], {
        cwd: repoRoot,
        stdin: () => 'apiVersion: v1\nkind: Namespace\nmetadata: {name: lonely}\n',
      }),
    );
    expect(fact(alone, 'lonely')).toBe(0);
  });
});

describe('Kubernetes enrichment: the role of each RoleBinding and ClusterRoleBinding', () => {
  const withConfig = (r: Resource, config: Record<string, unknown>): Resource => ({
    ...r,
    config: { ...(r.config as object), ...config },
  });
  const wildcard = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];
  const clusterRole = withConfig(object('ClusterRole', 'superuser'), { rules: wildcard });
  const role = withConfig(object('Role', 'everything', 'shop'), { rules: wildcard });
  const binding = (kind: string, name: string, ref: { kind: string; name: string }, namespace?: string) =>
    withConfig(object(kind, name, namespace), { roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...ref } });
  const roleOf = (collection: Collection, name: string) =>
    (
      collection.scopes.flatMap((s) => s.resources).find((r) => r.name === name)!.config as {
        stance?: { role?: unknown };
      }
    ).stance?.role;

  it('joins the ClusterRole or the Role of the binding namespace, with its rules', () => {
    const c = enrich({
      collectedAt: new Date(),
      scopes: [
        scope('ClusterRole', [clusterRole]),
        scope('Role', [role]),
        scope('ClusterRoleBinding', [
          binding('ClusterRoleBinding', 'crb', { kind: 'ClusterRole', name: 'superuser' }),
        ]),
        scope('RoleBinding', [
          binding('RoleBinding', 'rb', { kind: 'Role', name: 'everything' }, 'shop'),
          binding('RoleBinding', 'other-ns', { kind: 'Role', name: 'everything' }, 'payments'),
        ]),
      ],
    });
    expect(roleOf(c, 'crb')).toEqual({
      collected: true,
      exists: true,
      kind: 'ClusterRole',
      name: 'superuser',
      rules: wildcard,
    });
    expect(roleOf(c, 'rb')).toMatchObject({ collected: true, exists: true, kind: 'Role', rules: wildcard });
    // a Role of that name in another namespace is not this binding's role; the listing is complete
    expect(roleOf(c, 'other-ns')).toEqual({
      collected: true,
      exists: false,
      kind: 'Role',
      name: 'everything',
      rules: [],
    });
  });

  it('says "not collected" when the role kind was not listed completely, never "grants nothing"', () => {
    const c = enrich({
      collectedAt: new Date(),
      scopes: [
        scope('ClusterRole', [], 'error', 'list ClusterRole: HTTP 403'),
        scope('ClusterRoleBinding', [
          binding('ClusterRoleBinding', 'crb', { kind: 'ClusterRole', name: 'superuser' }),
        ]),
        scope('RoleBinding', [binding('RoleBinding', 'rb', { kind: 'Role', name: 'everything' }, 'shop')]),
      ],
    });
    expect(roleOf(c, 'crb')).toMatchObject({ collected: false, kind: 'ClusterRole', name: 'superuser' });
    expect(roleOf(c, 'rb')).toMatchObject({ collected: false, kind: 'Role', name: 'everything' });
  });

  it('in a manifest scan, a role outside the scanned files is not collected', () => {
    const c = enrich(
      collectManifests(['-'], {
        cwd: repoRoot,
        stdin: () =>
          [
            'apiVersion: rbac.authorization.k8s.io/v1',
            'kind: ClusterRoleBinding',
            'metadata: {name: ops}',
            'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops-all}',
            'subjects: [{kind: Group, name: ops}]',
            '---',
            'apiVersion: rbac.authorization.k8s.io/v1',
            'kind: ClusterRoleBinding',
            'metadata: {name: ops-view}',
            'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}',
            'subjects: [{kind: Group, name: ops}]',
            '---',
            'apiVersion: rbac.authorization.k8s.io/v1',
            'kind: ClusterRole',
            'metadata: {name: ops-all}',
            'rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]',
          ].join('\n'),
      }),
    );
    expect(roleOf(c, 'ops')).toMatchObject({ collected: true, exists: true, rules: wildcard });
    expect(roleOf(c, 'ops-view')).toMatchObject({ collected: false, name: 'view' });
  });
});
