/**
 * "As of T", backend-neutral: the status intervals containing T count only for scopes observed at
 * T (their last run at or before T succeeded within the staleness window); every other scope's
 * findings read `error` (not observed), never a stale pass or fail. A backend loads the scope
 * states at T, the intervals containing T and the evidence scans; this module decides the rest.
 */
import type {
  AsOfFinding,
  AsOfResult,
  PostureAt,
  RuleCounts,
  ScopedFailure,
  ScopeParts,
  ScopeState,
} from '../model.js';
import type { Severity } from '../../types.js';

/** An interval containing T, joined with its resource and rule, as a backend loads it. */
export interface IntervalAt extends Omit<AsOfFinding, 'since' | 'scopeKey' | 'reason' | 'source'> {
  since: number;
  /** The resource's scope (surrogate key). */
  scope: number;
  sourceFile: string | null;
  sourceLine: number | null;
}

export interface EvidenceScan {
  id: number;
  startedAt: number;
  finishedAt: number | null;
  bundleVersion: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What a finding says at an instant where its scope was not observed. */
export const NOT_OBSERVED_MESSAGE = 'not observed: no successful scan of this scope shortly before this time';

/** Per scope id: whether it was observed at `t`. */
export function observedScopes(
  states: readonly ScopeState[],
  t: number,
  staleAfterMs: number,
): Map<number, boolean> {
  const observed = new Map<number, boolean>();
  for (const s of states) {
    observed.set(
      s.scopeId,
      s.lastRunStatus === 'ok' && s.lastRunAt !== null && t - Date.parse(s.lastRunAt) <= staleAfterMs,
    );
  }
  return observed;
}

/** The scans whose runs are the evidence for observed scopes, with those scopes' keys. */
export function evidenceScanIds(
  states: readonly ScopeState[],
  observed: ReadonlyMap<number, boolean>,
): Map<number, string[]> {
  const evidence = new Map<number, string[]>();
  for (const s of states) {
    if (observed.get(s.scopeId) && s.lastRunScan !== null) {
      const list = evidence.get(s.lastRunScan) ?? [];
      list.push(s.key);
      evidence.set(s.lastRunScan, list);
    }
  }
  return evidence;
}

const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The findings by resource id, then rule id (code-unit order; ties keep their order): a sort of
 * numbers, each finding's rank among the distinct resource ids and rule ids, not of string pairs
 * (an "as of" of 100k findings sorted 1.7 million string pairs).
 */
function byResourceThenRule(findings: AsOfFinding[]): AsOfFinding[] {
  const rank = (values: string[]) =>
    new Map([...new Set(values)].sort(codeUnitOrder).map((v, i) => [v, i] as const));
  const resources = rank(findings.map((f) => f.resourceId));
  const rules = rank(findings.map((f) => f.ruleId));
  const keys = new Float64Array(findings.length);
  findings.forEach((f, i) => (keys[i] = resources.get(f.resourceId)! * rules.size + rules.get(f.ruleId)!));
  const order = Array.from(findings.keys()).sort((i, j) => keys[i]! - keys[j]!);
  return order.map((i) => findings[i]!);
}

/** The scopes of the state at an instant: every scope with a run then, and whether it was observed. */
export function scopesAt(
  states: readonly ScopeState[],
  observed: ReadonlyMap<number, boolean>,
): AsOfResult['scopes'] {
  return states
    .filter((s) => s.lastRunStatus !== null)
    .map((s) => ({
      key: s.key,
      provider: s.provider,
      account: s.account,
      region: s.region,
      service: s.service,
      observed: observed.get(s.scopeId) ?? false,
      lastRunStatus: s.lastRunStatus,
      lastOkAt: s.lastOkAt,
    }));
}

export function assembleAsOf(p: {
  at: Date;
  states: readonly ScopeState[];
  observed: ReadonlyMap<number, boolean>;
  intervals: readonly IntervalAt[];
  evidence: ReadonlyMap<number, string[]>;
  /** The evidence scans that still exist, by id. */
  scans: ReadonlyMap<number, EvidenceScan>;
}): AsOfResult {
  const keyOf = new Map(p.states.map((s) => [s.scopeId, s.key]));
  // Many intervals open at the same instant (a scan's): each instant formatted once.
  const instants = new Map<number, string>();
  const instant = (ms: number) => {
    let text = instants.get(ms);
    if (text === undefined) instants.set(ms, (text = iso(ms)));
    return text;
  };
  const findings: AsOfFinding[] = byResourceThenRule(
    p.intervals.map((r) => {
      const seen = p.observed.get(r.scope) ?? false;
      return {
        resourceId: r.resourceId,
        resourceType: r.resourceType,
        ruleId: r.ruleId,
        severity: r.severity,
        status: seen ? r.status : ('error' as const),
        message: seen ? r.message : NOT_OBSERVED_MESSAGE,
        since: instant(r.since),
        account: r.account,
        region: r.region,
        scopeKey: keyOf.get(r.scope) ?? '',
        openedScan: r.openedScan,
        bundleVersion: r.bundleVersion,
        ...(r.sourceFile ? { source: { file: r.sourceFile, line: r.sourceLine ?? 1 } } : {}),
        ...(seen ? {} : { reason: 'not_observed' as const }),
      };
    }),
  );
  const scans = [...p.evidence.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, scopes]) => {
      const row = p.scans.get(id);
      return {
        id,
        startedAt: row ? iso(row.startedAt) : null,
        finishedAt: row?.finishedAt ? iso(row.finishedAt) : null,
        bundleVersion: row?.bundleVersion ?? null,
        scopes: scopes.sort(),
      };
    });
  const bundleVersions = [
    ...new Set(scans.map((s) => s.bundleVersion).filter((v): v is string => v !== null)),
  ].sort();
  return {
    at: p.at.toISOString(),
    findings,
    scopes: scopesAt(p.states, p.observed),
    evidence: { scans, bundleVersions },
  };
}

/** Intervals containing T counted per rule (`scope` unset) or per resource scope (surrogate key) and rule. */
export interface CountsAt extends Omit<RuleCounts, 'scopeKey'> {
  scope?: number;
  severity: Severity;
}

/** A failing interval containing T, with its resource's scope (surrogate key), as a backend loads it. */
export type FailureAt = Omit<ScopedFailure, 'scopeKey'> & { scope: number };

/**
 * The scopes a backend counts apart (per scope): those not observed at T, whose findings all read
 * `error` there, and those the caller picks.
 */
export function scopesApart(
  states: readonly ScopeState[],
  observed: ReadonlyMap<number, boolean>,
  apart: ((scope: ScopeParts) => boolean) | undefined,
): number[] {
  return states.filter((s) => !observed.get(s.scopeId) || apart?.(s)).map((s) => s.scopeId);
}

/**
 * The state at T in tallies (ConsoleRepository.postureAt), decided as assembleAsOf decides each
 * finding: the findings of a scope not observed at T all count as errors and none of them fails.
 * `totals` counts every scope per rule; `apart` counts the scopes of scopesApart per scope.
 */
export function assemblePostureAt(p: {
  at: Date;
  states: readonly ScopeState[];
  observed: ReadonlyMap<number, boolean>;
  totals: readonly CountsAt[];
  apart: readonly CountsAt[];
  failing: readonly FailureAt[];
}): PostureAt {
  const keyOf = new Map(p.states.map((s) => [s.scopeId, s.key]));
  const seen = (scope: number) => p.observed.get(scope) ?? false;
  const counts = new Map(
    p.totals.map(({ ruleId, severity, pass, fail, error }) => [
      ruleId,
      { ruleId, severity, pass, fail, error },
    ]),
  );
  for (const c of p.apart) {
    const total = counts.get(c.ruleId);
    if (!total) continue;
    total.pass -= c.pass;
    total.fail -= c.fail;
    total.error -= c.error;
  }
  return {
    at: p.at.toISOString(),
    scopes: scopesAt(p.states, p.observed),
    counts: [...counts.values()].filter((c) => c.pass + c.fail + c.error > 0),
    countsApart: p.apart.map(({ scope, ruleId, severity, pass, fail, error }) => ({
      scopeKey: keyOf.get(scope!) ?? '',
      ruleId,
      severity,
      ...(seen(scope!) ? { pass, fail, error } : { pass: 0, fail: 0, error: pass + fail + error }),
    })),
    failing: p.failing
      .filter((f) => seen(f.scope))
      .map(({ scope, ...f }) => ({ ...f, scopeKey: keyOf.get(scope) ?? '' })),
  };
}
