import type { CorrelationSpec } from '../sigma.js';

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

/**
 * Sliding event-time windows per group for Sigma correlations (event_count, value_count,
 * temporal). A window is the span ending at a match; every match in a window that meets the
 * condition is counted once into the signal. Matches arriving late (out of order) re-evaluate the
 * windows they fall into; matches older than the span plus the allowed lateness are dropped.
 */
export class CorrelationWindows {
  private readonly groups = new Map<string, WindowEntry[]>();

  constructor(
    private readonly spec: CorrelationSpec,
    private readonly latenessMs: number,
  ) {}

  private satisfied(entries: WindowEntry[], lo: number, hi: number): boolean {
    const { type, minimum } = this.spec;
    if (type === 'event_count') return hi - lo + 1 >= minimum;
    const seen = new Set<string | number>();
    for (let i = lo; i <= hi; i++) {
      seen.add(type === 'value_count' ? entries[i]![2] : entries[i]![3]);
      if (seen.size >= minimum) return true;
    }
    return false;
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
    if (this.spec.type === 'value_count' && value === '') return [];
    let entries = existing;
    if (!entries) this.groups.set(group, (entries = []));
    const at = insertAt(entries, [t, id, value, this.spec.type === 'temporal' ? rule : 0, 0]);
    const counted: WindowEntry[] = [];
    // Windows that end at a match at or after this one, within one span, now include it.
    for (let j = lowerBound(entries, t); j < entries.length && entries[j]![0] <= t + span; j++) {
      if (j < at) continue;
      const lo = lowerBound(entries, entries[j]![0] - span);
      if (!this.satisfied(entries, lo, j)) continue;
      for (let i = j; i >= lo; i--) {
        const e = entries[i]!;
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
