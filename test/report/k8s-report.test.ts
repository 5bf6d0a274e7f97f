import { describe, expect, it } from 'vitest';
import type { Framework } from '../../src/frameworks/load.js';
import { k8sScope, manifestScope, nodeFilesScope } from '../../src/model/scopes.js';
import { buildReport } from '../../src/report/model.js';
import type { Store } from '../../src/store/index.js';
import type { Evaluation, Resource, RuleMeta, ScopeRef } from '../../src/types.js';
import { at, sqlite } from '../store/helpers.js';

/** Kubernetes reports: scopes of live clusters whatever their names. */

const rules: RuleMeta[] = [
  {
    id: 'k8s-pod-rule',
    title: 'pod rule',
    description: 'pod rule',
    severity: 'high',
    resourceTypes: ['k8s.pod'],
    remediation: 'fix it',
    package: 'stance.rules.k8s.test.pod_rule',
    file: 'policies/k8s/test/pod_rule.rego',
  },
];

const framework: Framework = {
  id: 'k8s-fw',
  name: 'Kubernetes test framework',
  version: '1',
  source: 'tests',
  complete: true,
  controls: [
    {
      id: '1',
      title: 'pods',
      section: 'S',
      assessment: 'automated',
      coverage: 'full',
      rules: ['k8s-pod-rule'],
    },
  ],
};

function pod(cluster: string, name: string): Resource {
  return {
    id: `k8s://${cluster}/default/Pod/${name}`,
    type: 'k8s.pod',
    provider: 'k8s',
    account: cluster,
    region: 'default',
    name,
    tags: {},
    config: { kind: 'Pod', metadata: { name, namespace: 'default' } },
  };
}

async function run(
  store: Store,
  minute: number,
  scope: ScopeRef,
  resources: Resource[],
  evaluations: Evaluation[],
) {
  const scan = await store.scans.begin({ startedAt: at(minute), bundleVersion: 'b1', command: 'test' });
  await store.scans.recordScopeRun(scan, scope, {
    status: 'ok',
    startedAt: at(minute),
    finishedAt: at(minute),
    resources,
    evaluations,
  });
  await store.scans.finish(scan, { finishedAt: at(minute), status: 'ok' });
}

describe('Kubernetes framework reports', () => {
  it('reads the scopes of a cluster named by its EKS ARN (the name aws eks update-kubeconfig gives it)', async () => {
    const store = await sqlite.open();
    await store.rules.sync(rules);
    const arn = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';
    const p = pod(arn, 'web');
    await run(
      store,
      0,
      k8sScope(arn, 'Pod'),
      [p],
      [{ resourceId: p.id, ruleId: 'k8s-pod-rule', status: 'pass', message: '' }],
    );
    const report = async (filters = {}) =>
      (await buildReport({ store, framework, rules, bundleVersion: 'b1', filters, now: at(10) }))
        .controls[0]!;
    // the Pod scope of that cluster covers k8s.pod: one evaluation, passing, no "not collected" error
    expect(await report()).toMatchObject({ status: 'pass', evaluated: 1, errors: [] });
    expect(await report({ cluster: arn })).toMatchObject({ status: 'pass', evaluated: 1, errors: [] });
    expect((await report({ cluster: 'other' })).status).toBe('error');
  });
});

describe('node checks in reports', () => {
  const nodeRule: RuleMeta = {
    ...rules[0]!,
    id: 'k8s-node-rule',
    resourceTypes: ['k8s.node_files'],
    package: 'stance.rules.k8s.node.rule',
    file: 'policies/k8s/node/rule.rego',
  };
  const all = [...rules, nodeRule];
  const fw: Framework = {
    ...framework,
    controls: [
      {
        id: 'n',
        title: 'node files',
        section: 'S',
        assessment: 'automated',
        coverage: 'full',
        rules: ['k8s-node-rule'],
      },
    ],
  };
  const node = (cluster: string, name: string, labels: Record<string, string> = {}): Resource => ({
    id: `k8s://${cluster}/_cluster/Node/${name}`,
    type: 'k8s.node',
    provider: 'k8s',
    account: cluster,
    region: '_cluster',
    name,
    tags: labels,
    config: { kind: 'Node', metadata: { name } },
  });
  const files = (cluster: string, name: string): Resource => ({
    id: `k8s://${cluster}/_cluster/NodeFiles/${name}`,
    type: 'k8s.node_files',
    provider: 'k8s',
    account: cluster,
    region: '_cluster',
    name,
    tags: {},
    config: { kind: 'NodeFiles', metadata: { name }, files: {} },
  });
  const nodeCheck = async (
    store: Store,
    minute: number,
    cluster: string,
    name: string,
    status: Evaluation['status'],
  ) => {
    const r = files(cluster, name);
    await run(
      store,
      minute,
      nodeFilesScope(cluster, name),
      [r],
      [{ resourceId: r.id, ruleId: 'k8s-node-rule', status, message: '' }],
    );
  };
  const control = async (store: Store, opts: { asOf?: Date; filters?: object } = {}) =>
    (await buildReport({ store, framework: fw, rules: all, bundleVersion: 'b1', now: at(1000), ...opts }))
      .controls[0]!;

  it('expects a node check for each listed Linux node at the report instant, per cluster', async () => {
    const store = await sqlite.open();
    await store.rules.sync(all);
    await run(
      store,
      0,
      k8sScope('a', 'Node'),
      [
        node('a', 'n1'),
        node('a', 'win', { 'kubernetes.io/os': 'windows' }),
        node('a', 'vk', { type: 'virtual-kubelet' }),
      ],
      [],
    );
    await run(store, 0, k8sScope('b', 'Node'), [node('b', 'm1')], []);
    await nodeCheck(store, 10, 'a', 'n1', 'pass');
    // cluster b's node is not checked: the report of both clusters is error, of cluster a alone pass
    expect(await control(store)).toMatchObject({
      status: 'error',
      errors: [
        {
          ruleId: 'k8s-node-rule',
          resourceId: 'k8s://b/_cluster/NodeFiles/m1',
          reason: 'node m1: no node check (run stance node on it)',
        },
      ],
    });
    expect(await control(store, { filters: { cluster: 'a' } })).toMatchObject({
      status: 'pass',
      evaluated: 1,
      errors: [],
    });
    // before the node check ran, n1 was not checked either
    expect(
      (await control(store, { asOf: at(5), filters: { cluster: 'a' } })).errors.map((e) => e.reason),
    ).toContain('node n1: no node check (run stance node on it)');
  });

  it('leaves out the node check of a node the listing no longer has, and counts checks of a cluster never listed', async () => {
    const store = await sqlite.open();
    await store.rules.sync(all);
    await run(store, 0, k8sScope('a', 'Node'), [node('a', 'n1'), node('a', 'old')], []);
    await nodeCheck(store, 1, 'a', 'n1', 'pass');
    await nodeCheck(store, 2, 'a', 'old', 'fail');
    expect((await control(store, { asOf: at(3) })).status).toBe('fail');
    await run(store, 4, k8sScope('a', 'Node'), [node('a', 'n1')], []); // "old" scaled in
    expect(await control(store)).toMatchObject({ status: 'pass', evaluated: 1, failing: [], errors: [] });
    await nodeCheck(store, 5, 'solo', 'x1', 'fail');
    expect((await control(store, { filters: { cluster: 'solo' } })).status).toBe('fail');
  });

  it('does not take a manifest scan for node checks', async () => {
    const store = await sqlite.open();
    await store.rules.sync(all);
    await run(store, 0, manifestScope('manifests', 'deploy/'), [], []);
    expect(await control(store)).toMatchObject({
      status: 'error',
      errors: [{ reason: 'none of k8s.node_files was collected' }],
    });
  });
});
