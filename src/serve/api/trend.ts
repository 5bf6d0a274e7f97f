/**
 * GET /api/trend?framework=&account=&cluster=: 15 months of daily points. The latest point (the day
 * of `to`, default now) is the framework's report itself, so its score equals the overview's and
 * `stance report`'s for the same filters (`exact: true`). Earlier points come from the store's daily
 * rollups (pass/fail/error counts per rule and account) with the same formula: a control fails when
 * one of its rules has a failing finding, errors when one has an error and none fails, passes when
 * its rules have passing findings only. The rollups keep neither which finding a mute silenced nor
 * which scopes were unobserved that day, so those points are approximations (TREND_HISTORY_NOTE).
 */
import { frameworkReport, frameworks } from '../../index.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../http.js';
import { SCORE_FORMULA, TREND_HISTORY_NOTE } from './score.js';

const DAY = 86_400_000;
export const TREND_DAYS = 456;

export async function getTrend(ctx: ApiContext) {
  const frameworkId = ctx.query.string('framework');
  const accountOnly = ctx.query.string('account');
  const clusterOnly = ctx.query.string('cluster');
  const account = accountOnly ?? clusterOnly;
  const asOf = ctx.query.date('to');
  if (asOf && asOf.getTime() > ctx.now().getTime()) throw new HttpError(400, 'to: the date is in the future');
  const to = asOf ?? ctx.now();
  const framework = frameworkId
    ? (await frameworks({ policies: ctx.config?.policies })).find((f) => f.id === frameworkId)
    : undefined;
  if (frameworkId && !framework)
    throw new HttpError(404, `framework ${frameworkId.slice(0, 100)} does not exist`);
  const ruleSet = framework ? new Set(framework.controls.flatMap((c) => c.rules)) : undefined;
  const days = new Map<string, Map<string, { pass: number; fail: number; error: number }>>();
  for (const row of await ctx.store.findings.trend(new Date(to.getTime() - TREND_DAYS * DAY), to)) {
    if ((ruleSet && !ruleSet.has(row.ruleId)) || (account && row.account !== account)) continue;
    const day = days.get(row.day) ?? new Map<string, { pass: number; fail: number; error: number }>();
    const counts = day.get(row.ruleId) ?? { pass: 0, fail: 0, error: 0 };
    counts.pass += row.pass;
    counts.fail += row.fail;
    counts.error += row.error;
    day.set(row.ruleId, counts);
    days.set(row.day, day);
  }
  const points = [...days]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, byRule]) => {
      let failing = 0;
      let all = 0;
      let pass = 0;
      for (const c of byRule.values()) {
        failing += c.fail;
        pass += c.pass;
        all += c.pass + c.fail + c.error;
      }
      let score: number | null = null;
      if (framework) {
        const tally = { pass: 0, fail: 0, error: 0 };
        for (const control of framework.controls) {
          if (control.rules.length === 0) continue;
          const counts = control.rules.map((r) => byRule.get(r)).filter((c) => c !== undefined);
          if (counts.some((c) => c.fail > 0)) tally.fail++;
          else if (counts.some((c) => c.error > 0)) tally.error++;
          else if (counts.some((c) => c.pass > 0)) tally.pass++;
        }
        const decided = tally.pass + tally.fail + tally.error;
        score = decided === 0 ? 0 : Math.round((1000 * 100 * tally.pass) / decided) / 1000;
      }
      return {
        date,
        score,
        failing,
        passRate: all ? Math.round((1000 * 100 * pass) / all) / 1000 : null,
        exact: false,
      };
    });
  if (framework) {
    const report = await frameworkReport(ctx.sharedReads(), {
      framework: framework.id,
      asOf,
      config: ctx.config,
      now: ctx.now(),
      account: accountOnly,
      cluster: accountOnly === undefined ? clusterOnly : undefined,
    });
    const failing = new Set(
      report.controls.flatMap((c) => c.failing.map((f) => `${f.resourceId}\u0000${f.ruleId}`)),
    );
    const date = to.toISOString().slice(0, 10);
    const last = points.at(-1);
    const exact = {
      date,
      score: report.summary.score,
      failing: failing.size,
      passRate: last?.date === date ? last.passRate : null,
      exact: true,
    };
    if (last?.date === date) points[points.length - 1] = exact;
    else points.push(exact);
  }
  return {
    framework: frameworkId ?? null,
    account: account ?? null,
    scoreFormula: SCORE_FORMULA,
    note: TREND_HISTORY_NOTE,
    points,
  };
}
