import type { Store } from '../store/index.js';
import type { RuleMeta } from '../types.js';
import type { HtmlExtras } from './html.js';
import type { Report } from './model.js';

const DAY = 86_400_000;
/** Configurations embedded in an HTML report, at most: keeps a report of a huge estate openable. */
const MAX_CONFIGS = 2000;

/** Daily pass rate of the report's rules from the trend rollups, over the retention window before the report date. */
export async function passRateTrend(store: Store, report: Report, days = 456): Promise<HtmlExtras['trend']> {
  const to = new Date(report.asOf);
  const rules = new Set(report.controls.flatMap((c) => c.rules));
  const account = report.scope.account ?? report.scope.cluster;
  const totals = new Map<string, { pass: number; all: number }>();
  for (const row of await store.findings.trend(new Date(to.getTime() - days * DAY), to)) {
    if (!rules.has(row.ruleId) || (account && row.account !== account)) continue;
    const t = totals.get(row.day) ?? { pass: 0, all: 0 };
    t.pass += row.pass;
    t.all += row.pass + row.fail + row.error;
    totals.set(row.day, t);
  }
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, t]) => ({ day, passRate: t.all ? (100 * t.pass) / t.all : null }));
}

export async function htmlExtras(store: Store, report: Report, rules: RuleMeta[]): Promise<HtmlExtras> {
  const configs = new Map<string, unknown>();
  const at = new Date(report.asOf);
  for (const c of report.controls) {
    for (const f of c.failing) {
      if (configs.size >= MAX_CONFIGS) break;
      if (!configs.has(f.resourceId))
        configs.set(f.resourceId, await store.resources.configAt(f.resourceId, at));
    }
  }
  return { rules, trend: await passRateTrend(store, report), configs };
}
