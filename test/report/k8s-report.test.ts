import { describe, expect, it } from 'vitest';
import type { Framework } from '../../src/frameworks/load.js';
import { k8sScope } from '../../src/model/scopes.js';
import { buildReport } from '../../src/report/model.js';
import { Store } from '../../src/store/index.js';
import type { Evaluation, Resource, RuleMeta, ScopeRef } from '../../src/types.js';
import { at } from '../store/helpers.js';

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

function run(
  store: Store,
  minute: number,
  scope: ScopeRef,
  resources: Resource[],
  evaluations: Evaluation[],
) {
  const scan = store.beginScan({ startedAt: at(minute), bundleVersion: 'b1', command: 'test' });
  store.recordScopeRun(scan, scope, {
    status: 'ok',
    startedAt: at(minute),
    finishedAt: at(minute),
    resources,
    evaluations,
  });
  store.finishScan(scan, { finishedAt: at(minute), status: 'ok' });
}

describe('Kubernetes framework reports', () => {
  it('reads the scopes of a cluster named by its EKS ARN (the name aws eks update-kubeconfig gives it)', () => {
    const store = Store.open(':memory:');
    store.syncRules(rules);
    const arn = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';
    const p = pod(arn, 'web');
    run(
      store,
      0,
      k8sScope(arn, 'Pod'),
      [p],
      [{ resourceId: p.id, ruleId: 'k8s-pod-rule', status: 'pass', message: '' }],
    );
    const report = (filters = {}) =>
      buildReport({ store, framework, rules, bundleVersion: 'b1', filters, now: at(10) }).controls[0]!;
    // the Pod scope of that cluster covers k8s.pod: one evaluation, passing, no "not collected" error
    expect(report()).toMatchObject({ status: 'pass', evaluated: 1, errors: [] });
    expect(report({ cluster: arn })).toMatchObject({ status: 'pass', evaluated: 1, errors: [] });
    expect(report({ cluster: 'other' }).status).toBe('error');
  });
});
