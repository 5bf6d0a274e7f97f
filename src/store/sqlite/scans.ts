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
import { iso, isoOrNull, type SqliteContext } from './context.js';
import type { Sync } from './facade.js';
import {
  inputDigests,
  recordScopeDelta,
  recordScopeRun,
  recordUnchangedScopeRun,
  reusableEvaluations,
  unchangedResources,
} from './scope-run.js';

export class SqliteRules implements Sync<RulesRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  sync(rules: readonly RuleMeta[]): void {
    const upsert = this.ctx.sql(
      `INSERT INTO rules (rule_id, severity, title) VALUES (?, ?, ?)
       ON CONFLICT(rule_id) DO UPDATE SET severity = excluded.severity, title = excluded.title
       WHERE severity != excluded.severity OR title != excluded.title`,
    );
    for (const rule of rules) upsert.run(rule.id, rule.severity, rule.title);
    this.ctx.rules.clear();
  }
}

type ScanRowDb = Omit<ScanRow, 'startedAt' | 'finishedAt'> & { startedAt: number; finishedAt: number | null };

export class SqliteScans implements Sync<ScansRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  begin(p: { startedAt: Date; bundleVersion: string; command: string }): number {
    return this.ctx
      .sql(
        "INSERT INTO scans (started_at, status, bundle_version, command, pid) VALUES (?, 'running', ?, ?, ?)",
      )
      .run(p.startedAt.getTime(), p.bundleVersion, p.command, process.pid).lastInsertRowid as number;
  }

  finish(scanId: number, p: { finishedAt: Date; status: 'ok' | 'partial' | 'failed' }): void {
    this.ctx
      .sql('UPDATE scans SET finished_at = ?, status = ? WHERE id = ?')
      .run(p.finishedAt.getTime(), p.status, scanId);
  }

  recordScopeRun(scanId: number, scope: ScopeRef, run: ScopeRunInput): ScopeRunResult {
    return recordScopeRun(this.ctx, scanId, scope, run);
  }

  recordScopeDelta(scanId: number, scope: ScopeRef, delta: ScopeDelta): ScopeRunResult {
    return recordScopeDelta(this.ctx, scanId, scope, delta);
  }

  recordUnchangedScopeRun(
    scanId: number,
    scope: ScopeRef,
    run: UnchangedScopeRun,
  ): { result: ScopeRunResult; summary: ScopeRunSummary } | undefined {
    return recordUnchangedScopeRun(this.ctx, scanId, scope, run);
  }

  reusableEvaluations(scopeKey: string, hashes: ReadonlyMap<string, string>): ReusedEvaluations {
    return reusableEvaluations(this.ctx, scopeKey, hashes);
  }

  unchangedResources(scopeKey: string, hashes: ReadonlyMap<string, string>): Set<string> {
    return unchangedResources(this.ctx, scopeKey, hashes);
  }

  inputDigests(scopeKeys: readonly string[]): Map<string, string> {
    return inputDigests(this.ctx, scopeKeys);
  }

  list(limit = 50): ScanRow[] {
    return (
      this.ctx
        .sql(
          'SELECT id, started_at AS startedAt, finished_at AS finishedAt, status, bundle_version AS bundleVersion, command FROM scans ORDER BY id DESC LIMIT ?',
        )
        .all(limit) as ScanRowDb[]
    ).map((s) => ({ ...s, startedAt: iso(s.startedAt), finishedAt: isoOrNull(s.finishedAt) }));
  }

  last(): ScanRow | undefined {
    return this.list(1)[0];
  }

  lastStarted(command: string): Date | undefined {
    const row = this.ctx.sql('SELECT max(started_at) AS at FROM scans WHERE command = ?').get(command) as {
      at: number | null;
    };
    return row.at === null ? undefined : new Date(row.at);
  }

  lastSucceeded(command: string): Date | undefined {
    const row = this.ctx
      .sql("SELECT max(finished_at) AS at FROM scans WHERE command = ? AND status IN ('ok', 'partial')")
      .get(command) as { at: number | null };
    return row.at === null ? undefined : new Date(row.at);
  }

  scopeStates(at?: Date): ScopeState[] {
    return scopeStates(this.ctx, at);
  }
}

export function scopeStates(ctx: SqliteContext, at?: Date): ScopeState[] {
  const t = at?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const scopes = ctx
    .sql('SELECT id, key, provider, account, region, service FROM scopes ORDER BY key')
    .all() as {
    id: number;
    key: string;
    provider: string;
    account: string;
    region: string;
    service: string;
  }[];
  const last = ctx.sql(
    'SELECT status, error, finished_at AS at, scan_id AS scanId FROM scope_runs WHERE scope_id = ? AND finished_at <= ? ORDER BY finished_at DESC, id DESC LIMIT 1',
  );
  const lastOk = ctx.sql(
    "SELECT finished_at AS at, scan_id AS scanId FROM scope_runs WHERE scope_id = ? AND status = 'ok' AND finished_at <= ? ORDER BY finished_at DESC, id DESC LIMIT 1",
  );
  return scopes.map((s) => {
    const run = last.get(s.id, t) as
      { status: 'ok' | 'error'; error: string | null; at: number; scanId: number } | undefined;
    const ok = lastOk.get(s.id, t) as { at: number; scanId: number } | undefined;
    return {
      scopeId: s.id,
      key: s.key,
      provider: s.provider,
      account: s.account,
      region: s.region,
      service: s.service,
      lastRunStatus: run?.status ?? null,
      lastRunAt: run ? iso(run.at) : null,
      lastRunScan: run?.scanId ?? null,
      lastError: run?.error ?? null,
      lastOkAt: ok ? iso(ok.at) : null,
      lastOkScan: ok?.scanId ?? null,
    };
  });
}
