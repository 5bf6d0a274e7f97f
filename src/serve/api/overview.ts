/**
 * GET /api/overview: the posture score of every framework (the report's own summary, so it equals
 * `stance report`), failing findings by severity, new failures and fixes over 24 h and 7 days,
 * stale or erroring scopes, and the latest signals.
 */
import { frameworkReport, SEVERITIES, signals, type Severity } from '../../index.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../http.js';
import { scopeRows } from './scans.js';
import { SCORE_FORMULA } from './score.js';

const HOUR = 3_600_000;

/** Computed once per data version and minute (./cache.ts): every framework's report is read. */
export async function getOverview(ctx: ApiContext) {
  const now = ctx.now();
  const asOf = ctx.query.date('asOf');
  if (asOf && asOf.getTime() > now.getTime()) throw new HttpError(400, 'asOf: the date is in the future');
  return ctx.cached(JSON.stringify(['overview', asOf]), () => overview(ctx, now, asOf));
}

async function overview(ctx: ApiContext, now: Date, asOf: Date | undefined) {
  const at = asOf ?? now;
  const store = ctx.sharedReads();
  const frameworks = [];
  for (const id of await ctx.frameworkIds()) {
    const report = await frameworkReport(store, { framework: id, asOf, config: ctx.config, now });
    frameworks.push({
      id,
      title: report.framework.name,
      score: report.summary.score,
      scoreFormula: SCORE_FORMULA,
      passed: report.summary.pass,
      failed: report.summary.fail,
      errored: report.summary.error,
      manual: report.summary.manual,
      notApplicable: report.summary.not_applicable,
    });
  }
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const failing = await ctx.unmutedFailures(asOf);
  for (const f of failing) failingBySeverity[f.severity]++;
  const changes = {
    '24h': await ctx.store.console.changes(new Date(at.getTime() - 24 * HOUR), at),
    '7d': await ctx.store.console.changes(new Date(at.getTime() - 7 * 24 * HOUR), at),
  };
  const scopes = await scopeRows(ctx, at);
  const recent = (await signals(ctx.store))
    .filter((s) => Date.parse(s.firstSeen) <= at.getTime())
    .slice(0, 10);
  return {
    asOf: at.toISOString(),
    frameworks,
    failingBySeverity,
    changes,
    scopes: { stale: scopes.filter((s) => s.stale), erroring: scopes.filter((s) => s.status === 'error') },
    recentSignals: recent.map((s) => ({
      id: s.id,
      ruleId: s.ruleId,
      title: s.title,
      severity: s.severity,
      state: s.status,
      count: s.count,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
    })),
  };
}
