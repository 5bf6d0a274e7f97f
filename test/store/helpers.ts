import { afterAll } from 'vitest';
import type { Evaluation, Resource, RuleMeta, ScopeRef } from '../../src/types.js';
import { openStore as openAt, type Store } from '../../src/store/index.js';
import { inspectPostgres, PostgresStore } from '../../src/store/postgres/index.js';
import { inspectSqlite } from '../../src/store/sqlite/index.js';
import { postgresEnabled, startPostgres, type PostgresServer } from '../helpers/postgres.js';

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

let server: Promise<PostgresServer> | undefined;

/** The test file's PostgreSQL server, started on first use and stopped after the file's tests. */
export function postgresServer(): Promise<PostgresServer> {
  server ??= startPostgres();
  return server;
}
// registered while the importing test file is collected: runs after all of that file's tests
afterAll(async () => (await server?.catch(() => undefined))?.stop());

/**
 * PostgreSQL: a fresh schema per store on one throwaway server per test file. The store keeps one
 * pooled connection, so every statement runs on the connection whose statistics totalChanges reads.
 */
export const postgres: Backend = {
  name: 'postgres',
  open: async () => PostgresStore.open(await (await postgresServer()).schemaUrl(), { poolSize: 1 }),
  rowCounts: (store, tables) =>
    inspectPostgres(store, async (client) => {
      const out: Record<string, number> = {};
      for (const t of tables)
        out[t] = Number((await client.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
      return out;
    }),
  totalChanges: (store) =>
    inspectPostgres(store, async (client) => {
      // statistics of this connection reach the shared counters when it next goes idle, forced here
      await client.query('SELECT pg_stat_force_next_flush()');
      const row = (
        await client.query(
          `SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) AS n FROM pg_stat_user_tables
           WHERE schemaname = current_schema()`,
        )
      ).rows[0];
      return Number(row.n);
    }),
};

export const backends: Backend[] = postgresEnabled() ? [sqlite, postgres] : [sqlite];

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
