import type { NewValueSpec } from '../sigma.js';

interface GroupValues {
  /** Event time of the first match seen for the group: learning runs from here. */
  start: number;
  /** value → last seen (event time). */
  values: Map<string, number>;
  lastSeen: number;
}

/**
 * Stance `new_value`: the first time a value (e.g. a region, a user agent) is seen for a group
 * after its learning period. Learned values expire when unseen for `expire`; each group keeps at
 * most `maxValues` values and the rule at most `maxGroups` groups (least recently seen dropped).
 */
export class NewValues {
  private readonly groups = new Map<string, GroupValues>();

  constructor(private readonly spec: NewValueSpec) {}

  /** True when the value is new for the group (and the group is past learning). */
  observe(group: string, value: string, t: number): boolean {
    let g = this.groups.get(group);
    if (!g) {
      g = { start: t, values: new Map(), lastSeen: t };
      this.groups.set(group, g);
      if (this.groups.size > this.spec.maxGroups * 1.1) this.evictGroups();
    }
    if (t < g.start) g.start = t;
    if (t > g.lastSeen) g.lastSeen = t;
    const last = g.values.get(value);
    if (last !== undefined && t - last <= this.spec.expireMs) {
      if (t > last) g.values.set(value, t);
      return false;
    }
    g.values.set(value, Math.max(last ?? t, t));
    if (g.values.size > this.spec.maxValues) this.evictValues(g);
    return t >= g.start + this.spec.learningMs;
  }

  private evictValues(g: GroupValues): void {
    const sorted = [...g.values.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    g.values = new Map(sorted.slice(0, this.spec.maxValues));
  }

  private evictGroups(): void {
    const sorted = [...this.groups.entries()].sort(
      (a, b) => b[1].lastSeen - a[1].lastSeen || (a[0] < b[0] ? -1 : 1),
    );
    this.groups.clear();
    for (const [k, v] of sorted.slice(0, this.spec.maxGroups)) this.groups.set(k, v);
  }

  /** Forgets values unseen for longer than `expire` before the watermark. */
  expire(watermark: number): void {
    for (const [key, g] of this.groups) {
      for (const [value, last] of g.values) if (last < watermark - this.spec.expireMs) g.values.delete(value);
      if (g.values.size === 0 && g.lastSeen < watermark - this.spec.expireMs) this.groups.delete(key);
    }
  }

  toJSON(): unknown {
    return [...this.groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, g]) => [
        k,
        g.start,
        g.lastSeen,
        [...g.values.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
      ]);
  }

  load(state: unknown): void {
    if (!Array.isArray(state)) return;
    for (const [k, start, lastSeen, values] of state as [string, number, number, [string, number][]][]) {
      this.groups.set(k, { start, lastSeen, values: new Map(values) });
    }
  }
}
