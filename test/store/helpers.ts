import type { Evaluation, Resource, RuleMeta, ScopeRef } from '../../src/types.js';
import { Store } from '../../src/store/index.js';

export const RULES: RuleMeta[] = ['r-a', 'r-b'].map((id) => ({
  id,
  title: id,
  description: id,
  severity: id === 'r-a' ? 'high' : 'low',
  resourceTypes: ['aws.ec2.thing'],
  remediation: 'fix it',
  package: `stance.rules.aws.ec2.${id}`,
  file: `policies/aws/ec2/${id}.rego`,
}));

export function scope(name: string): ScopeRef {
  return { key: `aws/1/${name}/ec2`, provider: 'aws', account: '1', region: name, service: 'ec2' };
}

export function resource(id: string, region: string, config: unknown = { v: 1 }): Resource {
  return { id, type: 'aws.ec2.thing', provider: 'aws', account: '1', region, name: id, tags: {}, config };
}

export const evaluation = (
  resourceId: string,
  ruleId: string,
  status: Evaluation['status'],
  message = status === 'fail' ? 'bad' : '',
): Evaluation => ({
  resourceId,
  ruleId,
  status,
  message,
});

export function openStore(): Store {
  const store = Store.open(':memory:');
  store.syncRules(RULES);
  return store;
}

export const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

/** Runs one scan with one ok scope run at the given minute. */
export function okRun(
  store: Store,
  minute: number,
  scopeName: string,
  resources: Resource[],
  evaluations: Evaluation[],
  bundleVersion = 'b1',
) {
  const scan = store.beginScan({ startedAt: at(minute), bundleVersion, command: 'test' });
  const result = store.recordScopeRun(scan, scope(scopeName), {
    status: 'ok',
    startedAt: at(minute),
    finishedAt: at(minute),
    resources,
    evaluations,
  });
  store.finishScan(scan, { finishedAt: at(minute), status: 'ok' });
  return result;
}

export function errorRun(store: Store, minute: number, scopeName: string) {
  const scan = store.beginScan({ startedAt: at(minute), bundleVersion: 'b1', command: 'test' });
  const result = store.recordScopeRun(scan, scope(scopeName), {
    status: 'error',
    startedAt: at(minute),
    finishedAt: at(minute),
    error: 'AccessDenied',
  });
  store.finishScan(scan, { finishedAt: at(minute), status: 'partial' });
  return result;
}
