/**
 * GET /api/overview: the posture score of every framework (the report's own summary, so it equals
 * `stance report`), failing findings by severity, new failures and fixes over 24 h and 7 days,
 * stale or erroring scopes, and the latest signals.
 */
import { currentPosture, postureAsOf, signals } from '../../index.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../http.js';
import { scopeRows } from './scans.js';
import { SCORE_FORMULA } from './score.js';

const HOUR = 3_600_000;

/**
 * Computed once per data version and minute (./cache.ts), from tallies (src/api/posture.ts): now,
 * the rollups; as of a past instant, that instant's state counted per scope and rule.
 */
export async function getOverview(ctx: ApiContext) {
  const now = ctx.now();
  const asOf = ctx.query.date('asOf');
  if (asOf && asOf.getTime() > now.getTime()) throw new HttpError(400, 'asOf: the date is in the future');
  return ctx.cached(JSON.stringify(['overview', asOf]), () => overview(ctx, now, asOf));
}

async function overview(ctx: ApiContext, now: Date, asOf: Date | undefined) {
  const at = asOf ?? now;
  const { frameworks, failingBySeverity } = asOf
    ? await postureAsOf(ctx.store, ctx.config, asOf)
    : await currentPosture(ctx.store, ctx.config, now);
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
    frameworks: frameworks.map((f) => ({ ...f, scoreFormula: SCORE_FORMULA })),
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
