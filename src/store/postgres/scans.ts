import { hostname } from 'node:os';
import type { RuleMeta, ScopeRef } from '../../types.js';
import type {
  ScanRow,
  ScopeDelta,
  ScopeRunInput,
  ScopeRunResult,
  ReusedEvaluations,
  ScopeRunSummary,
  ScopeState,
  UnchangedScopeRun,
} from '../model.js';
import type { RulesRepository, ScansRepository } from '../store.js';
import { iso, isoOrNull, type Db } from './context.js';
import {
  inputDigests,
  recordScopeDelta,
  recordScopeRun,
  recordUnchangedScopeRun,
  reusableEvaluations,
  unchangedResources,
} from './scope-run.js';

export class PgRules implements RulesRepository {
  constructor(private readonly db: Db) {}

  async sync(rules: readonly RuleMeta[]): Promise<void> {
    if (rules.length === 0) return;
    await this.db.exec(
      `INSERT INTO rules (rule_id, severity, title)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (rule_id) DO UPDATE SET severity = excluded.severity, title = excluded.title
       WHERE rules.severity IS DISTINCT FROM excluded.severity OR rules.title IS DISTINCT FROM excluded.title`,
      [rules.map((r) => r.id), rules.map((r) => r.severity), rules.map((r) => r.title)],
    );
    this.db.forgetRules();
  }
}

type ScanRowDb = Omit<ScanRow, 'startedAt' | 'finishedAt'> & { startedAt: number; finishedAt: number | null };

export class PgScans implements ScansRepository {
  constructor(private readonly db: Db) {}

  async begin(p: { startedAt: Date; bundleVersion: string; command: string }): Promise<number> {
    const row = await this.db.one<{ id: number }>(
      `INSERT INTO scans (started_at, status, bundle_version, command, pid, host) VALUES ($1, 'running', $2, $3, $4, $5)
       RETURNING id`,
      [p.startedAt.getTime(), p.bundleVersion, p.command, process.pid, hostname()],
    );
    return row!.id;
  }

  async finish(scanId: number, p: { finishedAt: Date; status: 'ok' | 'partial' | 'failed' }): Promise<void> {
    await this.db.exec('UPDATE scans SET finished_at = $1, status = $2 WHERE id = $3', [
      p.finishedAt.getTime(),
      p.status,
      scanId,
    ]);
  }

  recordScopeRun(scanId: number, scope: ScopeRef, run: ScopeRunInput): Promise<ScopeRunResult> {
    return recordScopeRun(this.db, scanId, scope, run);
  }

  recordScopeDelta(scanId: number, scope: ScopeRef, delta: ScopeDelta): Promise<ScopeRunResult> {
    return recordScopeDelta(this.db, scanId, scope, delta);
  }

  recordUnchangedScopeRun(
    scanId: number,
    scope: ScopeRef,
    run: UnchangedScopeRun,
  ): Promise<{ result: ScopeRunResult; summary: ScopeRunSummary } | undefined> {
    return recordUnchangedScopeRun(this.db, scanId, scope, run);
  }

  reusableEvaluations(scopeKey: string, hashes: ReadonlyMap<string, string>): Promise<ReusedEvaluations> {
    return reusableEvaluations(this.db, scopeKey, hashes);
  }

  unchangedResources(scopeKey: string, hashes: ReadonlyMap<string, string>): Promise<Set<string>> {
    return unchangedResources(this.db, scopeKey, hashes);
  }

  inputDigests(scopeKeys: readonly string[]): Promise<Map<string, string>> {
    return inputDigests(this.db, scopeKeys);
  }

  async list(limit = 50): Promise<ScanRow[]> {
    const rows = await this.db.query<ScanRowDb>(
      `SELECT id, started_at AS "startedAt", finished_at AS "finishedAt", status, bundle_version AS "bundleVersion", command
       FROM scans ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((s) => ({ ...s, startedAt: iso(s.startedAt), finishedAt: isoOrNull(s.finishedAt) }));
  }

  async last(): Promise<ScanRow | undefined> {
    return (await this.list(1))[0];
  }

  async lastStarted(command: string): Promise<Date | undefined> {
    const row = await this.db.one<{ at: number | null }>(
      'SELECT max(started_at) AS at FROM scans WHERE command = $1',
      [command],
    );
    return row?.at == null ? undefined : new Date(row.at);
  }

  async lastSucceeded(command: string): Promise<Date | undefined> {
    const row = await this.db.one<{ at: number | null }>(
      "SELECT max(finished_at) AS at FROM scans WHERE command = $1 AND status IN ('ok', 'partial')",
      [command],
    );
    return row?.at == null ? undefined : new Date(row.at);
  }

  scopeStates(at?: Date): Promise<ScopeState[]> {
    return scopeStates(this.db, at);
  }
}

/** Per scope: its last run at or before `at` and its last successful one (one query, both from the index). */
export async function scopeStates(db: Db, at?: Date): Promise<ScopeState[]> {
  const t = at?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const rows = await db.query<{
    id: number;
    key: string;
    provider: string;
    account: string;
    region: string;
    service: string;
    status: 'ok' | 'error' | null;
    error: string | null;
    at: number | null;
    scan: number | null;
    okAt: number | null;
    okScan: number | null;
  }>(
    `SELECT s.id, s.key, s.provider, s.account, s.region, s.service,
            l.status, l.error, l.finished_at AS at, l.scan_id AS scan, k.finished_at AS "okAt", k.scan_id AS "okScan"
     FROM scopes s
     LEFT JOIN LATERAL (
       SELECT status, error, finished_at, scan_id FROM scope_runs r
       WHERE r.scope_id = s.id AND r.finished_at <= $1 ORDER BY r.finished_at DESC, r.id DESC LIMIT 1) l ON true
     LEFT JOIN LATERAL (
       SELECT finished_at, scan_id FROM scope_runs r
       WHERE r.scope_id = s.id AND r.status = 'ok' AND r.finished_at <= $1 ORDER BY r.finished_at DESC, r.id DESC LIMIT 1) k ON true
     ORDER BY s.key`,
    [t],
  );
  return rows.map((r) => ({
    scopeId: r.id,
    key: r.key,
    provider: r.provider,
    account: r.account,
    region: r.region,
    service: r.service,
    lastRunStatus: r.status ?? null,
    lastRunAt: r.at === null ? null : iso(r.at),
    lastRunScan: r.scan ?? null,
    lastError: r.error ?? null,
    lastOkAt: r.okAt === null ? null : iso(r.okAt),
    lastOkScan: r.okScan ?? null,
  }));
}
