import type { TrendRow } from '../model.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Daily rows from the days rollups changed: each day from `from` to `to` gets, per rule and
 * account, the latest row on or before it. `rows` are every stored row up to `to`, ordered by day.
 */
export function carryForward(rows: readonly TrendRow[], from: Date, to: Date): TrendRow[] {
  const fromDay = day(from.getTime());
  const toDay = day(to.getTime());
  const latest = new Map<string, TrendRow>();
  const out: TrendRow[] = [];
  let i = 0;
  for (let d = Date.parse(`${fromDay}T00:00:00Z`); d <= Date.parse(`${toDay}T00:00:00Z`); d += 86_400_000) {
    const today = day(d);
    while (i < rows.length && rows[i]!.day <= today) {
      const r = rows[i++]!;
      latest.set(`${r.ruleId}\u0000${r.account}`, r);
    }
    for (const r of latest.values()) out.push({ ...r, day: today });
  }
  return out;
}

/** The last day whose rows carryForward needs. */
export const trendUntil = (to: Date): string => day(to.getTime());
