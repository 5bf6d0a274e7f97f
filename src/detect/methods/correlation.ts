import type { CorrelationCondition, CorrelationSpec } from '../sigma.js';

/** One base-rule match kept in a correlation window: time, event id, value, base rule index, counted. */
export type WindowEntry = [t: number, id: string, value: string, rule: number, counted: 0 | 1];

const MAX_ENTRIES_PER_GROUP = 10_000;

function lowerBound(entries: WindowEntry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]![0] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertAt(entries: WindowEntry[], entry: WindowEntry): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = entries[mid]!;
    if (e[0] < entry[0] || (e[0] === entry[0] && e[1] < entry[1])) lo = mid + 1;
    else hi = mid;
  }
  entries.splice(lo, 0, entry);
  return lo;
}

/** Whether a correlation's metric meets every criterion of its condition (a range is two criteria). */
export function conditionHolds(condition: CorrelationCondition, x: number): boolean {
  for (const [op, v] of condition) {
    const ok =
      op === 'gt'
        ? x > v
        : op === 'gte'
          ? x >= v
          : op === 'lt'
            ? x < v
            : op === 'lte'
              ? x <= v
              : op === 'eq'
                ? x === v
                : x !== v;
    if (!ok) return false;
  }
  return true;
}

/** Types whose value is a number read from the event (events without one are not counted). */
const NUMERIC = new Set(['value_sum', 'value_avg']);
/** Types that remember which base rule matched. */
const BY_RULE = new Set(['temporal', 'temporal_ordered']);

/**
 * How far the entries follow the base rules' order: the length of the longest prefix of the rules
 * found as a subsequence (greedy, which is optimal for subsequences). Entries in the same second
 * count in any order among themselves: CloudTrail times have one-second resolution.
 */
function orderedProgress(entries: WindowEntry[], lo: number, hi: number, rules: number): number {
  let next = 0;
  let i = lo;
  while (i <= hi && next < rules) {
    let end = i;
    while (end + 1 <= hi && entries[end + 1]![0] === entries[i]![0]) end++;
    // Within one second: take every rule that fits, in any order, until none does.
    for (let progressed = true; progressed && next < rules;) {
      progressed = false;
      for (let k = i; k <= end; k++)
        if (entries[k]![3] === next) {
          next++;
          progressed = true;
          break;
        }
    }
    i = end + 1;
  }
  return next;
}

/**
 * Sliding event-time windows per group for Sigma correlations (v2.1: event_count, value_count,
 * temporal, temporal_ordered, value_sum, value_avg, value_percentile). A window is the span ending
 * at a match; its metric (count, distinct values, base rules seen or followed in order, sum,
 * average, or the share in percent of the window's events with the match's value) is checked
 * against the condition, and every match in a window that meets it is counted once into the
 * signal. Matches arriving late (out of order) re-evaluate the windows they fall into; matches
 * older than the span plus the allowed lateness are dropped.
 */
export class CorrelationWindows {
  private readonly groups = new Map<string, WindowEntry[]>();

  constructor(
    private readonly spec: CorrelationSpec,
    private readonly latenessMs: number,
  ) {}

  /** The correlation's metric over the window entries[lo..hi]. */
  metric(entries: WindowEntry[], lo: number, hi: number): number {
    const { type } = this.spec;
    switch (type) {
      case 'event_count':
        return hi - lo + 1;
      case 'temporal_ordered':
        return orderedProgress(entries, lo, hi, this.spec.rules.length);
      case 'value_sum':
      case 'value_avg': {
        let sum = 0;
        for (let i = lo; i <= hi; i++) sum += Number(entries[i]![2]);
        return type === 'value_sum' ? sum : sum / (hi - lo + 1);
      }
      case 'value_percentile': {
        const value = entries[hi]![2];
        let same = 0;
        for (let i = lo; i <= hi; i++) if (entries[i]![2] === value) same++;
        return (100 * same) / (hi - lo + 1);
      }
      default: {
        const seen = new Set<string | number>();
        for (let i = lo; i <= hi; i++) seen.add(type === 'value_count' ? entries[i]![2] : entries[i]![3]);
        return seen.size;
      }
    }
  }

  private satisfied(entries: WindowEntry[], lo: number, hi: number): boolean {
    return conditionHolds(this.spec.condition, this.metric(entries, lo, hi));
  }

  /**
   * Adds a match; returns the matches newly counted into the signal (possibly none), or 'late'
   * when the group's window has moved on past the match (its earlier matches are gone).
   */
  observe(group: string, t: number, id: string, value: string, rule: number): WindowEntry[] | 'late' {
    const span = this.spec.timespanMs;
    const existing = this.groups.get(group);
    const latest = existing?.length ? existing[existing.length - 1]![0] : t;
    if (t < latest - span - this.latenessMs) return 'late';
    const { type } = this.spec;
    if (this.spec.fields && value === '') return [];
    if (NUMERIC.has(type) && !Number.isFinite(Number(value))) return [];
    let entries = existing;
    if (!entries) this.groups.set(group, (entries = []));
    const at = insertAt(entries, [t, id, value, BY_RULE.has(type) ? rule : 0, 0]);
    const counted: WindowEntry[] = [];
    // Windows that end at a match at or after this one, within one span, now include it.
    for (let j = lowerBound(entries, t); j < entries.length && entries[j]![0] <= t + span; j++) {
      if (j < at) continue;
      const lo = lowerBound(entries, entries[j]![0] - span);
      if (!this.satisfied(entries, lo, j)) continue;
      // value_percentile: the matches behind the metric are those with the window's last value.
      const only = type === 'value_percentile' ? entries[j]![2] : undefined;
      for (let i = j; i >= lo; i--) {
        const e = entries[i]!;
        if (only !== undefined && e[2] !== only) continue;
        if (e[4] === 1) {
          if (i < at) break;
          continue;
        }
        e[4] = 1;
        counted.push(e);
      }
    }
    this.prune(group, entries);
    return counted;
  }

  private prune(group: string, entries: WindowEntry[]): void {
    const newest = entries[entries.length - 1]?.[0] ?? 0;
    const cutoff = newest - this.spec.timespanMs - this.latenessMs;
    let drop = 0;
    while (drop < entries.length && entries[drop]![0] < cutoff) drop++;
    drop = Math.max(drop, entries.length - MAX_ENTRIES_PER_GROUP);
    if (drop > 0) entries.splice(0, drop);
    if (entries.length === 0) this.groups.delete(group);
  }

  /** Drops groups with nothing inside the span (plus lateness) before the watermark. */
  expire(watermark: number): void {
    for (const [group, entries] of this.groups) {
      const newest = entries[entries.length - 1]?.[0] ?? 0;
      if (newest < watermark - this.spec.timespanMs - this.latenessMs) this.groups.delete(group);
    }
  }

  toJSON(): unknown {
    return [...this.groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Restores saved windows; matches dated after `notAfter` (saved by a version that accepted future events) are dropped. */
  load(state: unknown, notAfter = Infinity): void {
    if (!Array.isArray(state)) return;
    for (const [group, saved] of state as [string, WindowEntry[]][]) {
      const entries = saved.filter((e) => e[0] <= notAfter);
      if (entries.length) this.groups.set(group, entries);
    }
  }
}
