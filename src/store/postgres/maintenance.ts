import type { PruneResult } from '../model.js';
import type { Db } from './context.js';
import { closedPartitions } from './partitions.js';

const PRUNE_BATCH = 20_000;

/** Runs `fn` in its own write transaction (the store supplies it). */
export type InTransaction = <R>(fn: (db: Db) => Promise<R>) => Promise<R>;

/**
 * Retention: deletes what SQLite's prune deletes, with the same cutoff semantics (closed before
 * the cutoff), in short transactions.
 *
 * Closed status intervals: every monthly partition that ends at or before the cutoff is dropped
 * whole (its rows are counted first, for the result). The partition of the cutoff's own month
 * holds intervals closed both before and after the cutoff: those before it are deleted row by row,
 * so the boundary is exact to the millisecond, as on SQLite. Dropping a partition briefly takes
 * an exclusive lock on `finding_closed`; it first waits for scope runs in progress (their lock),
 * so readers never queue behind a long scope-run transaction.
 */
export async function prune(inTransaction: InTransaction, cutoff: number): Promise<PruneResult> {
  const result: PruneResult = {
    findingHistory: 0,
    resourceVersions: 0,
    configBlobs: 0,
    resources: 0,
    scopeRuns: 0,
    scans: 0,
    trendDaily: 0,
    signals: 0,
    outbox: 0,
  };
  const partitions = await inTransaction((db) => closedPartitions(db));
  for (const month of partitions.filter((p) => p.to <= cutoff)) {
    result.findingHistory += await inTransaction(async (db) => {
      await db.lock('scope-runs');
      const n = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${month.name}`))!.n;
      await db.exec(`DROP TABLE ${month.name}`);
      return n;
    });
  }

  const keep = await inTransaction(async (db) =>
    (
      await db.query<{ id: number | null }>(
        `SELECT (SELECT s2.id FROM scope_runs s2 WHERE s2.scope_id = sc.id AND s2.finished_at < $1
                 ORDER BY s2.finished_at DESC, s2.id DESC LIMIT 1) AS id FROM scopes sc`,
        [cutoff],
      )
    )
      .map((r) => r.id)
      .filter((id): id is number => id !== null),
  );
  const steps: [keyof PruneResult, string, unknown[]][] = [
    [
      'findingHistory',
      `DELETE FROM finding_closed WHERE (tableoid, ctid) IN (
         SELECT tableoid, ctid FROM finding_closed WHERE valid_to < $1 LIMIT $2)`,
      [cutoff],
    ],
    [
      'resourceVersions',
      `DELETE FROM resource_versions WHERE id IN (
         SELECT id FROM resource_versions WHERE valid_to IS NOT NULL AND valid_to < $1 LIMIT $2)`,
      [cutoff],
    ],
    [
      'resources',
      `DELETE FROM resources WHERE id IN (
         SELECT r.id FROM resources r WHERE r.deleted_at IS NOT NULL AND r.deleted_at < $1
           AND NOT EXISTS (SELECT 1 FROM finding_closed h WHERE h.resource_key = r.id)
           AND NOT EXISTS (SELECT 1 FROM finding_open h WHERE h.resource_key = r.id)
           AND NOT EXISTS (SELECT 1 FROM resource_versions v WHERE v.resource_key = r.id)
           AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.resource_key = r.id)
         LIMIT $2)`,
      [cutoff],
    ],
    [
      'configBlobs',
      `DELETE FROM config_blobs WHERE hash IN (
         SELECT b.hash FROM config_blobs b WHERE NOT EXISTS (SELECT 1 FROM resource_versions v WHERE v.hash = b.hash)
           AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.config_hash = b.hash AND r.deleted_at IS NULL) LIMIT $1)`,
      [],
    ],
    [
      'scopeRuns',
      `DELETE FROM scope_runs WHERE id IN (
         SELECT id FROM scope_runs WHERE finished_at < $1 AND NOT (id = ANY($2::bigint[])) LIMIT $3)`,
      [cutoff, keep],
    ],
    [
      'scans',
      `DELETE FROM scans WHERE id IN (
         SELECT s.id FROM scans s WHERE s.started_at < $1 AND s.status != 'running'
           AND NOT EXISTS (SELECT 1 FROM scope_runs sr WHERE sr.scan_id = s.id) LIMIT $2)`,
      [cutoff],
    ],
    [
      'trendDaily',
      `DELETE FROM trend_daily WHERE (day, rule_key, account) IN (
         SELECT day, rule_key, account FROM trend_daily WHERE day < $1 LIMIT $2)`,
      [new Date(cutoff).toISOString().slice(0, 10)],
    ],
    [
      'signals',
      'DELETE FROM signals WHERE id IN (SELECT id FROM signals WHERE last_seen < $1 LIMIT $2)',
      [cutoff],
    ],
    [
      'outbox',
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < $1 LIMIT $2)`,
      [cutoff],
    ],
  ];
  for (const [name, sql, params] of steps) {
    for (;;) {
      const n = await inTransaction((db) => db.exec(sql, [...params, PRUNE_BATCH]));
      result[name] += n;
      if (n < PRUNE_BATCH) break;
    }
  }
  return result;
}

/** Consistency problems, empty when the store is sound (the same checks as SQLite's). */
export async function checkInvariants(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const checks: [string, string][] = [
    [
      'more than one open interval for a (resource, rule)',
      `SELECT count(*) AS n FROM (SELECT 1 FROM finding_open GROUP BY resource_key, rule_key HAVING count(*) > 1) x`,
    ],
    [
      'current finding without a matching open interval',
      `SELECT count(*) AS n FROM findings f WHERE NOT EXISTS (SELECT 1 FROM finding_open h WHERE h.resource_key = f.resource_key
         AND h.rule_key = f.rule_key AND h.status = f.status)`,
    ],
    [
      'open interval without a current finding',
      `SELECT count(*) AS n FROM finding_open h WHERE NOT EXISTS (SELECT 1 FROM findings f
         WHERE f.resource_key = h.resource_key AND f.rule_key = h.rule_key)`,
    ],
    [
      'deleted resource with current findings',
      `SELECT count(*) AS n FROM findings f JOIN resources r ON r.id = f.resource_key WHERE r.deleted_at IS NOT NULL`,
    ],
    [
      'live resource without exactly one open configuration version',
      `SELECT count(*) AS n FROM resources r WHERE r.deleted_at IS NULL AND
         (SELECT count(*) FROM resource_versions v WHERE v.resource_key = r.id AND v.valid_to IS NULL) != 1`,
    ],
    [
      'interval closed before it opened',
      `SELECT count(*) AS n FROM finding_closed WHERE valid_to < valid_from`,
    ],
    [
      'current counts disagree with current findings',
      `SELECT count(*) AS n FROM (
         SELECT f.rule_key, r.account, count(*) FILTER (WHERE f.status = 'pass') AS p,
                count(*) FILTER (WHERE f.status = 'fail') AS fl, count(*) FILTER (WHERE f.status = 'error') AS e
         FROM findings f JOIN resources r ON r.id = f.resource_key GROUP BY f.rule_key, r.account) x
       LEFT JOIN current_counts c ON c.rule_key = x.rule_key AND c.account = x.account
       WHERE c.rule_key IS NULL OR c.pass != x.p OR c.fail != x.fl OR c.error != x.e`,
    ],
  ];
  for (const [label, sql] of checks) {
    const n = (await db.one<{ n: number }>(sql))!.n;
    if (n > 0) problems.push(`${label}: ${n}`);
  }
  return problems;
}
