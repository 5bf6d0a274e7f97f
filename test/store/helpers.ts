import type { Evaluation, Resource, RuleMeta, ScopeRef } from '../../src/types.js';
import { openStore as openAt, type Store } from '../../src/store/index.js';
import { inspectSqlite } from '../../src/store/sqlite/index.js';

/**
 * The store backends the store suite runs on: each test file does `describe.each(backends)`. A
 * backend opens a fresh empty store and can count table rows (to prove that a run writes nothing).
 */
export interface Backend {
  name: string;
  open(): Promise<Store>;
  /** Rows per table. */
  rowCounts(store: Store, tables: readonly string[]): Promise<Record<string, number>>;
  /** Rows inserted, updated or deleted since the store was opened, in every table. */
  totalChanges(store: Store): Promise<number>;
}

export const sqlite: Backend = {
  name: 'sqlite',
  open: () => openAt(':memory:'),
  rowCounts: (store, tables) =>
    inspectSqlite(store, (db) =>
      Object.fromEntries(
        tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
      ),
    ),
  totalChanges: (store) =>
    inspectSqlite(store, (db) => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n),
};

export const backends: Backend[] = [sqlite];

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

/** A fresh store of the backend (default SQLite in memory) with the test rules. */
export async function openStore(backend: Backend = sqlite): Promise<Store> {
  const store = await backend.open();
  await store.rules.sync(RULES);
  return store;
}

export const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

/** Runs one scan with one ok scope run at the given minute. */
export async function okRun(
  store: Store,
  minute: number,
  scopeName: string,
  resources: Resource[],
  evaluations: Evaluation[],
  bundleVersion = 'b1',
) {
  const scan = await store.scans.begin({ startedAt: at(minute), bundleVersion, command: 'test' });
  const result = await store.scans.recordScopeRun(scan, scope(scopeName), {
    status: 'ok',
    startedAt: at(minute),
    finishedAt: at(minute),
    resources,
    evaluations,
  });
  await store.scans.finish(scan, { finishedAt: at(minute), status: 'ok' });
  return result;
}

export async function errorRun(store: Store, minute: number, scopeName: string) {
  const scan = await store.scans.begin({ startedAt: at(minute), bundleVersion: 'b1', command: 'test' });
  const result = await store.scans.recordScopeRun(scan, scope(scopeName), {
    status: 'error',
    startedAt: at(minute),
    finishedAt: at(minute),
    error: 'AccessDenied',
  });
  await store.scans.finish(scan, { finishedAt: at(minute), status: 'partial' });
  return result;
}
