import { describe, expect, it } from 'vitest';
import { openStore as openAt, StoreError } from '../../src/store/index.js';
import { MIGRATIONS, inspectPostgres, PostgresStore } from '../../src/store/postgres/index.js';
import { postgresEnabled } from '../helpers/postgres.js';
import {
  at,
  evaluation as ev,
  okRun,
  openStore,
  postgres,
  postgresServer,
  resource,
  scope,
} from './helpers.js';

// What only the PostgreSQL backend has: migrations under an advisory lock, closed history in monthly
// partitions that retention drops, the one-open-interval invariant held by a key. The repositories
// themselves are covered by the store suite, which runs on both backends.

const DAY = 1440;
const partitions = (store: PostgresStore) =>
  inspectPostgres(store, async (client) =>
    (
      await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
         WHERE p.relname = 'finding_closed' AND n.nspname = current_schema() ORDER BY 1`,
      )
    ).rows.map((r) => r.name),
  );

describe.runIf(postgresEnabled())('PostgreSQL store', () => {
  it('migrates an empty schema once when many processes open it at the same time', async () => {
    const url = await (await postgresServer()).schemaUrl();
    const stores = await Promise.all(Array.from({ length: 6 }, () => openAt(url)));
    const versions = await inspectPostgres(
      stores[0]!,
      async (client) => (await client.query('SELECT application, version FROM schema_version')).rows,
    );
    expect(versions).toEqual([{ application: 'stance', version: MIGRATIONS.length }]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('migration 2 makes archived signals resolved, keeping the archive time with a history entry', async () => {
    const url = await (await postgresServer()).schemaUrl();
    // a schema as version 1 left it: no lifecycle tables, one archived and one open signal
    const old = await openAt(url);
    await inspectPostgres(old, async (client) => {
      await client.query('DROP TABLE signal_history; DROP TABLE suppressions');
      // and none of the later migrations' tables
      await client.query('DROP TABLE scan_jobs, rate_buckets, account_slots, job_leases, schedule_ticks');
      await client.query('DROP TABLE console_sessions, audit_log, api_tokens');
      await client.query('DROP INDEX resources_name_trgm, resources_id_trgm, findings_message_trgm');
      await client.query('ALTER TABLE signals DROP COLUMN event_summaries');
      await client.query('UPDATE schema_version SET version = 1');
      await client.query(
        `INSERT INTO signals (id, rule_id, group_key, severity, status, first_seen, last_seen, count, title, archived_at)
         VALUES (1, 'r', 'g', 'high', 'archived', 1000, 2000, 1, 'R', 5000), (2, 'r', 'h', 'low', 'open', 1000, 2000, 1, 'R', NULL)`,
      );
    });
    await old.close();
    const store = await openAt(url);
    try {
      const [resolved, open] = [(await store.signals.get(1))!, (await store.signals.get(2))!];
      expect(resolved).toMatchObject({ status: 'resolved', closedAt: new Date(5000).toISOString() });
      expect(resolved.history).toEqual([
        { state: 'resolved', at: new Date(5000).toISOString(), by: null, note: 'archived' },
      ]);
      expect(open).toMatchObject({ status: 'open', closedAt: null, history: [] });
      expect(await store.suppressions.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses a schema of another application and an empty one opened read-only', async () => {
    const server = await postgresServer();
    const url = await server.schemaUrl('foreign_app');
    await server.query('CREATE TABLE foreign_app.customers (id int)');
    const error = await openAt(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/belongs to another application/);
    await expect(openAt(await server.schemaUrl(), { readonly: true })).rejects.toThrow(
      /holds no Stance data yet/,
    );
  });

  it('keeps closed intervals in monthly partitions by interval end; retention drops whole months', async () => {
    const store = (await openStore(postgres)) as PostgresStore;
    // minute 0 is 2026-01-01: a status flip every 40 days closes intervals on Feb 10, Mar 22, May 1 and Jun 10
    const statuses = ['pass', 'fail', 'pass', 'fail', 'pass'] as const;
    for (const [i, status] of statuses.entries())
      await okRun(store, i * 40 * DAY, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', status)]);
    expect(await partitions(store)).toEqual([
      'finding_closed_y2026m02',
      'finding_closed_y2026m03',
      'finding_closed_y2026m05',
      'finding_closed_y2026m06',
    ]);
    const before = (await store.resources.get('a'))!.history;
    expect(before).toHaveLength(5);

    // cutoff 2026-03-25: February is dropped whole, March loses the interval closed on the 22nd row by row
    const result = await store.prune({ olderThan: new Date(Date.UTC(2026, 2, 25)) });
    expect(result.findingHistory).toBe(2);
    expect(await partitions(store)).toEqual([
      'finding_closed_y2026m03',
      'finding_closed_y2026m05',
      'finding_closed_y2026m06',
    ]);
    expect((await store.resources.get('a'))!.history).toEqual(before.slice(2));
    expect(await store.checkInvariants()).toEqual([]);
    // history goes on after a prune: the next close creates its month again if needed
    await okRun(store, 200 * DAY, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    expect(await partitions(store)).toContain('finding_closed_y2026m07');
    expect(await store.checkInvariants()).toEqual([]);
    await store.close();
  });

  it('enforces one open interval per (resource, rule) in the schema, not only in code', async () => {
    const store = (await openStore(postgres)) as PostgresStore;
    await okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    const error = await inspectPostgres(store, (client) =>
      client
        .query(
          `INSERT INTO finding_open (resource_key, rule_key, status, message, valid_from, opened_scan, bundle_version, cause)
           SELECT resource_key, rule_key, 'pass', '', valid_from + 1, opened_scan, bundle_version, cause FROM finding_open`,
        )
        .catch((e: unknown) => e),
    );
    expect((error as { code?: string }).code).toBe('23505');
    // and a closed interval cannot land outside its month's partition (no default partition)
    const outside = await inspectPostgres(store, (client) =>
      client
        .query(
          `INSERT INTO finding_closed (resource_key, rule_key, status, message, valid_from, valid_to, opened_scan,
                                       closed_scan, bundle_version, cause)
           SELECT resource_key, rule_key, status, message, valid_from, $1, opened_scan, opened_scan, bundle_version, cause
           FROM finding_open`,
          [at(400 * DAY).getTime()],
        )
        .catch((e: unknown) => e),
    );
    expect((outside as { code?: string }).code).toBe('23514');
    expect(await store.checkInvariants()).toEqual([]);
    await store.close();
  });

  it('a duplicated scope run (the same scan and scope twice) commits once', async () => {
    const store = await openStore(postgres);
    const scan = await store.scans.begin({ startedAt: at(0), bundleVersion: 'b1', command: 'test' });
    const run = {
      status: 'ok' as const,
      startedAt: at(0),
      finishedAt: at(0),
      resources: [resource('a', 'eu')],
      evaluations: [ev('a', 'r-a', 'fail')],
    };
    const eu = scope('eu');
    const results = await Promise.allSettled([
      store.scans.recordScopeRun(scan, eu, run),
      store.scans.recordScopeRun(scan, eu, run),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as StoreError).code).toBe('conflict');
    expect(await store.findings.current()).toHaveLength(1);
    expect(await store.checkInvariants()).toEqual([]);
    await store.close();
  });
});
