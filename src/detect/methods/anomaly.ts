import type { AnomalySpec } from '../sigma.js';

interface GroupRate {
  /** First bucket with a match: no verdict before `learning` has passed from here. */
  start: number;
  /** bucket start → matches in it. */
  buckets: Map<number, number>;
  /** Buckets already reported anomalous. */
  flagged: Set<number>;
}

export interface AnomalyVerdict {
  /** Matches in the bucket, counting this one. */
  count: number;
  /** The group's mean per bucket over its baseline window. */
  baseline: number;
  threshold: number;
  /** True only for the match that pushed the bucket over the threshold. */
  crossed: boolean;
}

/**
 * Stance `anomaly`: a group's rate in the current bucket far above its own rolling baseline
 * (mean per bucket over `baseline`, empty buckets included): at least `factor` times the mean and
 * at least `minCount`. Matches after the crossing in the same bucket join the same signal.
 */
export class RateBaselines {
  private readonly groups = new Map<string, GroupRate>();

  constructor(private readonly spec: AnomalySpec) {}

  /**
   * Counts a match; a verdict when its bucket is anomalous, or 'late' when the match falls before
   * the buckets the group still keeps (its baseline there is gone).
   */
  observe(group: string, t: number): AnomalyVerdict | 'late' | undefined {
    const { bucketMs, baselineMs, learningMs, factor, minCount } = this.spec;
    const bucket = Math.floor(t / bucketMs) * bucketMs;
    let g = this.groups.get(group);
    if (g) {
      let newest = -Infinity;
      for (const b of g.buckets.keys()) if (b > newest) newest = b;
      if (bucket < newest - baselineMs - bucketMs) return 'late';
    }
    if (!g) this.groups.set(group, (g = { start: bucket, buckets: new Map(), flagged: new Set() }));
    if (bucket < g.start) g.start = bucket;
    const count = (g.buckets.get(bucket) ?? 0) + 1;
    g.buckets.set(bucket, count);
    this.prune(g, bucket);
    if (bucket - g.start < learningMs) return undefined;
    const from = Math.max(g.start, bucket - baselineMs);
    const slots = Math.max(1, Math.round((bucket - from) / bucketMs));
    let total = 0;
    for (const [b, n] of g.buckets) if (b >= from && b < bucket) total += n;
    const baseline = total / slots;
    const threshold = Math.max(minCount, Math.ceil(factor * baseline));
    if (count < threshold) return undefined;
    const crossed = !g.flagged.has(bucket);
    g.flagged.add(bucket);
    return { count, baseline, threshold, crossed };
  }

  private prune(g: GroupRate, bucket: number): void {
    const cutoff = bucket - this.spec.baselineMs - this.spec.bucketMs;
    for (const b of g.buckets.keys()) if (b < cutoff) g.buckets.delete(b);
    for (const b of g.flagged) if (b < cutoff) g.flagged.delete(b);
  }

  toJSON(): unknown {
    return [...this.groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, g]) => [
        k,
        g.start,
        [...g.buckets.entries()].sort((a, b) => a[0] - b[0]),
        [...g.flagged].sort((a, b) => a - b),
      ]);
  }

  load(state: unknown): void {
    if (!Array.isArray(state)) return;
    for (const [k, start, buckets, flagged] of state as [string, number, [number, number][], number[]][]) {
      this.groups.set(k, { start, buckets: new Map(buckets), flagged: new Set(flagged) });
    }
  }
}
