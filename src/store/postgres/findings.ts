import type { EvalStatus, Severity } from '../../types.js';
import { SEVERITIES } from '../../types.js';
import {
  assembleAsOf,
  evidenceScanIds,
  observedScopes,
  type EvidenceScan,
  type IntervalAt,
} from '../core/as-of.js';
import { carryForward, trendUntil } from '../core/trend.js';
import { internRows } from '../../util/intern.js';
import type {
  AsOfResult,
  FailingFinding,
  FindingBrief,
  FindingFilter,
  FindingRow,
  SevereFailure,
  TrendRow,
} from '../model.js';
import { DEFAULT_STALE_AFTER_MS, type FindingsRepository } from '../store.js';
import { batches, iso, type Db } from './context.js';
import { scopeStates } from './scans.js';

type FindingRowDb = Omit<FindingRow, 'since' | 'lastEvaluated'> & { since: number; scope: number };

/** Current findings of live resources (shared with the resource details). */
export async function currentFindings(db: Db, f: FindingFilter = {}): Promise<FindingRow[]> {
  const where: string[] = ['r.deleted_at IS NULL'];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (f.status) where.push(`f.status = ${param(f.status)}`);
  if (f.severity)
    where.push(`ru.severity = ANY(${param(SEVERITIES.slice(SEVERITIES.indexOf(f.severity)))}::text[])`);
  const equals = (column: string, value: unknown) => {
    if (value !== undefined) where.push(`${column} = ${param(value)}`);
  };
  equals('ru.rule_id', f.ruleId);
  equals('r.resource_id', f.resourceId);
  equals('r.definition', f.definition);
  equals('r.type', f.resourceType);
  equals('r.account', f.account);
  if (f.newSinceScan !== undefined) where.push(`f.opened_scan >= ${param(f.newSinceScan)}`);
  const lastOk = new Map(
    (
      await db.query<{ scope: number; at: number }>(
        "SELECT scope_id AS scope, max(finished_at) AS at FROM scope_runs WHERE status = 'ok' GROUP BY scope_id",
      )
    ).map((r) => [r.scope, r.at]),
  );
  const rows = await db.query<FindingRowDb>(
    `SELECT r.resource_id AS "resourceId", r.type AS "resourceType", ru.rule_id AS "ruleId", ru.severity, f.status,
            f.message, f.since, r.account, r.region, r.provider, r.name, f.opened_scan AS "openedScan",
            r.scope_id AS scope, r.source_file AS "sourceFile", r.source_line AS "sourceLine"
     FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
     WHERE ${where.join(' AND ')}
     ORDER BY r.resource_id, ru.rule_id, r.definition`,
    params,
  );
  return rows.map(({ scope, since, ...row }) => {
    const last = lastOk.get(scope);
    return { ...row, since: iso(since), ...(last !== undefined ? { lastEvaluated: iso(last) } : {}) };
  });
}

const PAGE = 20_000;

/**
 * The intervals containing `t`, with their resource's and rule's columns. The intervals are read
 * by key only and each resource and rule once (a resource has an interval per rule: joined in
 * the database, its id, type, account and region were sent and parsed once per rule).
 */
async function intervalsAt(db: Db, t: number): Promise<IntervalAt[]> {
  // Closed intervals containing t closed after t: partitions of months before t's are pruned unread.
  const rows = await db.query<{
    rk: number;
    uk: number;
    status: IntervalAt['status'];
    message: string;
    since: number;
    openedScan: number;
    bundleVersion: string;
  }>(
    `SELECT resource_key AS rk, rule_key AS uk, status, message, valid_from AS since, opened_scan AS "openedScan",
            bundle_version AS "bundleVersion"
     FROM finding_open WHERE valid_from <= $1
     UNION ALL
     SELECT resource_key, rule_key, status, message, valid_from, opened_scan, bundle_version
     FROM finding_closed WHERE valid_to > $1 AND valid_from <= $1`,
    [t],
  );
  const rules = new Map<number, { ruleId: string; severity: Severity }>();
  for (const r of await db.query<{ id: number; ruleId: string; severity: Severity }>(
    'SELECT id, rule_id AS "ruleId", severity FROM rules',
  ))
    rules.set(r.id, { ruleId: r.ruleId, severity: r.severity });
  type ResourceAt = Pick<
    IntervalAt,
    'resourceId' | 'resourceType' | 'account' | 'region' | 'scope' | 'sourceFile' | 'sourceLine'
  >;
  const resources = new Map<number, ResourceAt>();
  for (const ids of batches([...new Set(rows.map((r) => r.rk))]))
    for (const r of await db.query<ResourceAt & { id: number }>(
      `SELECT id, resource_id AS "resourceId", type AS "resourceType", account, region, scope_id AS scope,
              source_file AS "sourceFile", source_line AS "sourceLine"
       FROM resources WHERE id = ANY($1::bigint[])`,
      [ids],
    ))
      resources.set(r.id, r);
  const out: IntervalAt[] = [];
  for (const h of rows) {
    const r = resources.get(h.rk);
    const rule = rules.get(h.uk);
    if (!r || !rule) continue; // as a join would (the foreign keys make it not happen)
    out.push({
      resourceId: r.resourceId,
      resourceType: r.resourceType,
      ruleId: rule.ruleId,
      severity: rule.severity,
      status: h.status,
      message: h.message,
      since: h.since,
      account: r.account,
      region: r.region,
      scope: r.scope,
      openedScan: h.openedScan,
      bundleVersion: h.bundleVersion,
      sourceFile: r.sourceFile,
      sourceLine: r.sourceLine,
    });
  }
  return out;
}

export class PgFindings implements FindingsRepository {
  constructor(private readonly db: Db) {}

  current(f: FindingFilter = {}): Promise<FindingRow[]> {
    return currentFindings(this.db, f);
  }

  async forEachCurrent(visit: (f: FindingBrief) => void): Promise<void> {
    // in pages by primary key, so a store of millions of findings is never one result in memory
    let after: [number, number] = [0, 0];
    for (;;) {
      const rows = await this.db.query<FindingBrief & { rk: string; uk: string }>(
        `SELECT f.resource_key AS rk, f.rule_key AS uk, r.resource_id AS "resourceId", ru.rule_id AS "ruleId",
                ru.severity, f.status, r.account, r.region, r.source_file AS "sourceFile"
         FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
         WHERE (f.resource_key, f.rule_key) > ($1, $2) AND r.deleted_at IS NULL
         ORDER BY f.resource_key, f.rule_key LIMIT ${PAGE}`,
        after,
      );
      for (const { rk: _rk, uk: _uk, ...row } of rows) visit(row);
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      after = [Number(last.rk), Number(last.uk)];
    }
  }

  async asOf(at: Date, opts: { staleAfterMs?: number } = {}): Promise<AsOfResult> {
    const t = at.getTime();
    const states = await scopeStates(this.db, at);
    const observed = observedScopes(states, t, opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
    const intervals = await intervalsAt(this.db, t);
    const evidence = evidenceScanIds(states, observed);
    const scans = new Map<number, EvidenceScan>();
    for (const ids of batches([...evidence.keys()]))
      for (const row of await this.db.query<EvidenceScan>(
        `SELECT id, started_at AS "startedAt", finished_at AS "finishedAt", bundle_version AS "bundleVersion"
         FROM scans WHERE id = ANY($1::bigint[])`,
        [ids],
      ))
        scans.set(row.id, row);
    return assembleAsOf({ at, states, observed, intervals, evidence, scans });
  }

  async trend(from: Date, to: Date): Promise<TrendRow[]> {
    const rows = await this.db.query<TrendRow>(
      `SELECT t.day, ru.rule_id AS "ruleId", t.account, t.pass, t.fail, t.error FROM trend_daily t
       JOIN rules ru ON ru.id = t.rule_key WHERE t.day <= $1 ORDER BY t.day, t.rule_key, t.account`,
      [trendUntil(to)],
    );
    return carryForward(rows, from, to);
  }

  async failing(): Promise<FailingFinding[]> {
    return internRows(
      await this.db.query<FailingFinding>(
        `SELECT r.resource_id AS "resourceId", ru.rule_id AS "ruleId", ru.severity, r.account, r.region,
                r.source_file AS "sourceFile"
         FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
         WHERE r.deleted_at IS NULL AND f.status = 'fail'
         ORDER BY r.resource_id, ru.rule_id, r.definition`,
      ),
    );
  }

  async countByStatus(): Promise<{ status: EvalStatus; count: number }[]> {
    return this.db.query<{ status: EvalStatus; count: number }>(
      'SELECT status, count(*) AS count FROM findings GROUP BY status ORDER BY status',
    );
  }

  async severeFailures(resourceIds: readonly string[]): Promise<Map<string, SevereFailure[]>> {
    const out = new Map<string, SevereFailure[]>();
    const ids = [...new Set(resourceIds)];
    const found = new Map<string, SevereFailure[]>();
    for (const chunk of batches(ids))
      for (const row of await this.db.query<{ id: string; ruleId: string; severity: Severity }>(
        `SELECT r.resource_id AS id, ru.rule_id AS "ruleId", ru.severity
         FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
         WHERE r.resource_id = ANY($1::text[]) AND r.deleted_at IS NULL AND f.status = 'fail'
           AND ru.severity IN ('high', 'critical')
         ORDER BY r.resource_id, ru.rule_id`,
        [chunk],
      )) {
        const list = found.get(row.id) ?? [];
        list.push({ ruleId: row.ruleId, severity: row.severity });
        found.set(row.id, list);
      }
    // in the order the ids were asked, as SQLite answers
    for (const id of ids) {
      const rows = found.get(id);
      if (rows) out.set(id, rows);
    }
    return out;
  }
}
