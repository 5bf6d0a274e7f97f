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
  RuleStatusCount,
  SevereFailure,
  TrendRow,
} from '../model.js';
import { DEFAULT_STALE_AFTER_MS, type FindingsRepository } from '../store.js';
import { iso, type SqliteContext } from './context.js';
import type { Sync } from './facade.js';
import { scopeStates } from './scans.js';

type FindingRowDb = Omit<FindingRow, 'since' | 'lastEvaluated'> & { since: number; scope: number };

/** Current findings of live resources (shared with the resource details). */
export function currentFindings(ctx: SqliteContext, f: FindingFilter = {}): FindingRow[] {
  const where: string[] = ['r.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (f.status) {
    where.push('f.status = ?');
    params.push(f.status);
  }
  if (f.severity) {
    const allowed = SEVERITIES.slice(SEVERITIES.indexOf(f.severity));
    where.push(`ru.severity IN (${allowed.map(() => '?').join(',')})`);
    params.push(...allowed);
  }
  const equals = (column: string, value: unknown) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  equals('ru.rule_id', f.ruleId);
  equals('r.resource_id', f.resourceId);
  equals('r.definition', f.definition);
  equals('r.type', f.resourceType);
  equals('r.account', f.account);
  if (f.newSinceScan !== undefined) {
    where.push('f.opened_scan >= ?');
    params.push(f.newSinceScan);
  }
  const lastOk = new Map(
    (
      ctx
        .sql(
          "SELECT scope_id AS scope, max(finished_at) AS at FROM scope_runs WHERE status = 'ok' GROUP BY scope_id",
        )
        .all() as { scope: number; at: number }[]
    ).map((r) => [r.scope, r.at]),
  );
  const rows = ctx
    .sql(
      `SELECT r.resource_id AS resourceId, r.type AS resourceType, ru.rule_id AS ruleId, ru.severity, f.status, f.message,
              f.since, r.account, r.region, r.provider, r.name, f.opened_scan AS openedScan, r.scope_id AS scope,
              r.source_file AS sourceFile, r.source_line AS sourceLine
       FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
       WHERE ${where.join(' AND ')}
       ORDER BY r.resource_id, ru.rule_id`,
    )
    .all(...params) as FindingRowDb[];
  return rows.map(({ scope, since, ...row }) => {
    const last = lastOk.get(scope);
    return { ...row, since: iso(since), ...(last !== undefined ? { lastEvaluated: iso(last) } : {}) };
  });
}

export class SqliteFindings implements Sync<FindingsRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  current(f: FindingFilter = {}): FindingRow[] {
    return currentFindings(this.ctx, f);
  }

  forEachCurrent(visit: (f: FindingBrief) => void, only: { statuses?: readonly EvalStatus[] } = {}): void {
    const statuses = only.statuses ?? [];
    const rows = this.ctx
      .sql(
        `SELECT r.resource_id AS resourceId, ru.rule_id AS ruleId, ru.severity, f.status, r.account, r.region,
                r.source_file AS sourceFile
         FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
         WHERE r.deleted_at IS NULL${only.statuses ? ` AND f.status IN (${statuses.map(() => '?').join(', ') || 'NULL'})` : ''}`,
      )
      .iterate(...statuses) as IterableIterator<FindingBrief>;
    for (const row of rows) visit(row);
  }

  countsByRule(resourceIds: Iterable<string>): RuleStatusCount[] {
    return this.ctx
      .sql(
        `SELECT ru.rule_id AS ruleId, ru.severity, f.status, count(*) AS count
         FROM json_each(?) j JOIN resources r ON r.resource_id = j.value AND r.deleted_at IS NULL
           JOIN findings f ON f.resource_key = r.id JOIN rules ru ON ru.id = f.rule_key
         GROUP BY ru.rule_id, ru.severity, f.status`,
      )
      .all(JSON.stringify([...new Set(resourceIds)])) as RuleStatusCount[];
  }

  asOf(at: Date, opts: { staleAfterMs?: number } = {}): AsOfResult {
    const t = at.getTime();
    const states = scopeStates(this.ctx, at);
    const observed = observedScopes(states, t, opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
    const intervals = this.ctx
      .sql(
        `SELECT r.resource_id AS resourceId, r.type AS resourceType, ru.rule_id AS ruleId, ru.severity, h.status, h.message,
                h.valid_from AS since, r.account, r.region, r.scope_id AS scope, h.opened_scan AS openedScan, h.bundle_version AS bundleVersion,
                r.source_file AS sourceFile, r.source_line AS sourceLine
         FROM finding_history h JOIN resources r ON r.id = h.resource_key JOIN rules ru ON ru.id = h.rule_key
         WHERE h.valid_to IS NULL AND h.valid_from <= ?
         UNION ALL
         SELECT r.resource_id, r.type, ru.rule_id, ru.severity, h.status, h.message, h.valid_from, r.account, r.region, r.scope_id,
                h.opened_scan, h.bundle_version, r.source_file, r.source_line
         FROM finding_history h JOIN resources r ON r.id = h.resource_key JOIN rules ru ON ru.id = h.rule_key
         WHERE h.valid_to IS NOT NULL AND h.valid_to > ? AND h.valid_from <= ?`,
      )
      .all(t, t, t) as IntervalAt[];
    const evidence = evidenceScanIds(states, observed);
    const scanRow = this.ctx.sql(
      'SELECT id, started_at AS startedAt, finished_at AS finishedAt, bundle_version AS bundleVersion FROM scans WHERE id = ?',
    );
    const scans = new Map<number, EvidenceScan>();
    for (const id of evidence.keys()) {
      const row = scanRow.get(id) as EvidenceScan | undefined;
      if (row) scans.set(id, row);
    }
    return assembleAsOf({ at, states, observed, intervals, evidence, scans });
  }

  trend(from: Date, to: Date): TrendRow[] {
    const rows = this.ctx
      .sql(
        `SELECT t.day, ru.rule_id AS ruleId, t.account, t.pass, t.fail, t.error FROM trend_daily t JOIN rules ru ON ru.id = t.rule_key
         WHERE t.day <= ? ORDER BY t.day`,
      )
      .all(trendUntil(to)) as TrendRow[];
    return carryForward(rows, from, to);
  }

  failing(): FailingFinding[] {
    return internRows(
      this.ctx
        .sql(
          `SELECT r.resource_id AS resourceId, ru.rule_id AS ruleId, ru.severity, r.account, r.region,
                  r.source_file AS sourceFile
           FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
           WHERE r.deleted_at IS NULL AND f.status = 'fail'
           ORDER BY r.resource_id, ru.rule_id`,
        )
        .all() as FailingFinding[],
    );
  }

  countByStatus(): { status: EvalStatus; count: number }[] {
    return this.ctx.sql('SELECT status, count(*) AS count FROM findings GROUP BY status').all() as {
      status: EvalStatus;
      count: number;
    }[];
  }

  severeFailures(resourceIds: readonly string[]): Map<string, SevereFailure[]> {
    const query = this.ctx.sql(
      `SELECT ru.rule_id AS ruleId, ru.severity FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
       WHERE r.resource_id = ? AND r.deleted_at IS NULL AND f.status = 'fail' AND ru.severity IN ('high', 'critical') ORDER BY ru.rule_id`,
    );
    const out = new Map<string, SevereFailure[]>();
    for (const id of new Set(resourceIds)) {
      const rows = query.all(id) as { ruleId: string; severity: Severity }[];
      if (rows.length) out.set(id, rows);
    }
    return out;
  }
}
