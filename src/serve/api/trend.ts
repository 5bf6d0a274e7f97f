/**
 * GET /api/trend?framework=&account=&cluster=: 15 months of daily points from the store's daily
 * rollups (pass/fail/error counts per rule and account). `failing` is the failing findings of the
 * framework's rules (all rules without one); `score` applies the report's formula to each day's
 * control statuses (a control fails when one of its rules has a failing finding, errors when one
 * has an error and none fails, passes when its rules have passing findings only). Mutes are not
 * applied: the rollups do not keep which finding a mute silenced.
 */
import { frameworks } from '../../index.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../http.js';

const DAY = 86_400_000;
export const TREND_DAYS = 456;

export async function getTrend(ctx: ApiContext) {
  const frameworkId = ctx.query.string('framework');
  const account = ctx.query.string('account') ?? ctx.query.string('cluster');
  const to = ctx.query.date('to') ?? ctx.now();
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
      return { date, score, failing, passRate: all ? Math.round((1000 * 100 * pass) / all) / 1000 : null };
    });
  return { framework: frameworkId ?? null, account: account ?? null, points };
}
