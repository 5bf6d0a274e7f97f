import type { PruneResult } from '../model.js';
import type { SqliteContext } from './context.js';

const PRUNE_BATCH = 20_000;

/**
 * The deletions of a prune, in order, each as a statement deleting at most one batch (its last
 * parameter is the batch size). Each batch is its own short write transaction.
 */
export function pruneSteps(ctx: SqliteContext, cutoff: number): [keyof PruneResult, string, unknown[]][] {
  // Keep each scope's last run before the cutoff: "as of" just after the cutoff still needs it.
  const keep = (
    ctx
      .sql(
        `SELECT (SELECT s2.id FROM scope_runs s2 WHERE s2.scope_id = sc.id AND s2.finished_at < ? ORDER BY s2.finished_at DESC, s2.id DESC LIMIT 1) AS id
         FROM scopes sc`,
      )
      .all(cutoff) as { id: number | null }[]
  )
    .map((r) => r.id)
    .filter((id): id is number => id !== null);
  return [
    [
      'findingHistory',
      'DELETE FROM finding_history WHERE id IN (SELECT id FROM finding_history WHERE valid_to IS NOT NULL AND valid_to < ? LIMIT ?)',
      [cutoff],
    ],
    [
      'resourceVersions',
      'DELETE FROM resource_versions WHERE id IN (SELECT id FROM resource_versions WHERE valid_to IS NOT NULL AND valid_to < ? LIMIT ?)',
      [cutoff],
    ],
    [
      'resources',
      `DELETE FROM resources WHERE id IN (
         SELECT r.id FROM resources r WHERE r.deleted_at IS NOT NULL AND r.deleted_at < ?
           AND NOT EXISTS (SELECT 1 FROM finding_history h WHERE h.resource_key = r.id)
           AND NOT EXISTS (SELECT 1 FROM resource_versions v WHERE v.resource_key = r.id)
           AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.resource_key = r.id)
         LIMIT ?)`,
      [cutoff],
    ],
    [
      'configBlobs',
      `DELETE FROM config_blobs WHERE hash IN (
         SELECT b.hash FROM config_blobs b WHERE NOT EXISTS (SELECT 1 FROM resource_versions v WHERE v.hash = b.hash)
           AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.config_hash = b.hash AND r.deleted_at IS NULL) LIMIT ?)`,
      [],
    ],
    [
      'scopeRuns',
      `DELETE FROM scope_runs WHERE id IN (
         SELECT id FROM scope_runs WHERE finished_at < ? AND id NOT IN (${keep.length ? keep.join(',') : 'NULL'}) LIMIT ?)`,
      [cutoff],
    ],
    [
      'scans',
      `DELETE FROM scans WHERE id IN (
         SELECT s.id FROM scans s WHERE s.started_at < ? AND s.status != 'running'
           AND NOT EXISTS (SELECT 1 FROM scope_runs sr WHERE sr.scan_id = s.id) LIMIT ?)`,
      [cutoff],
    ],
    [
      'trendDaily',
      'DELETE FROM trend_daily WHERE day IN (SELECT day FROM trend_daily WHERE day < ? LIMIT ?)',
      [new Date(cutoff).toISOString().slice(0, 10)],
    ],
    [
      'signals',
      'DELETE FROM signals WHERE id IN (SELECT id FROM signals WHERE last_seen < ? LIMIT ?)',
      [cutoff],
    ],
    [
      'outbox',
      'DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ? LIMIT ?)',
      [cutoff],
    ],
  ];
}

/** Runs one batch of a prune step; returns the rows deleted. */
export function pruneBatch(ctx: SqliteContext, sql: string, params: unknown[]): number {
  return ctx.db.prepare(sql).run(...params, PRUNE_BATCH).changes;
}

export const pruneBatchSize = PRUNE_BATCH;

/** Consistency problems, empty when the store is sound. */
export function checkInvariants(ctx: SqliteContext): string[] {
  const problems: string[] = [];
  const integrity = ctx.db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  const checks: [string, string][] = [
    [
      'more than one open interval for a (resource, rule)',
      `SELECT count(*) AS n FROM (SELECT 1 FROM finding_history WHERE valid_to IS NULL GROUP BY resource_key, rule_key HAVING count(*) > 1)`,
    ],
    [
      'current finding without a matching open interval',
      `SELECT count(*) AS n FROM findings f WHERE NOT EXISTS (SELECT 1 FROM finding_history h WHERE h.resource_key = f.resource_key
         AND h.rule_key = f.rule_key AND h.valid_to IS NULL AND h.status = f.status)`,
    ],
    [
      'open interval without a current finding',
      `SELECT count(*) AS n FROM finding_history h WHERE h.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM findings f
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
      `SELECT count(*) AS n FROM finding_history WHERE valid_to IS NOT NULL AND valid_to < valid_from`,
    ],
    [
      'current counts disagree with current findings',
      `SELECT count(*) AS n FROM (
         SELECT f.rule_key, r.account, sum(f.status = 'pass') AS p, sum(f.status = 'fail') AS fl, sum(f.status = 'error') AS e
         FROM findings f JOIN resources r ON r.id = f.resource_key GROUP BY f.rule_key, r.account) x
       LEFT JOIN current_counts c ON c.rule_key = x.rule_key AND c.account = x.account
       WHERE c.rule_key IS NULL OR c.pass != x.p OR c.fail != x.fl OR c.error != x.e`,
    ],
  ];
  for (const [label, sql] of checks) {
    const n = (ctx.db.prepare(sql).get() as { n: number }).n;
    if (n > 0) problems.push(`${label}: ${n}`);
  }
  return problems;
}
