import type Database from 'better-sqlite3';
import { SEVERITIES, type Severity } from '../types.js';
import { DetectionConflictError } from './conflict.js';
import type { DetectionRule } from './sigma.js';

export const MAX_EVENT_IDS = 100;
export const MAX_RESOURCE_IDS = 100;
const MAX_NOTES = 20;

/** A signal as `stance signals --format json` prints it. */
export interface Signal {
  id: number;
  ruleId: string;
  title: string;
  status: 'open' | 'archived';
  severity: Severity;
  /** The rule's own level, before any raise for posture findings. */
  ruleSeverity: Severity;
  reason: string | null;
  group: Record<string, string>;
  count: number;
  firstSeen: string;
  lastSeen: string;
  mitre: string[];
  eventIds: string[];
  resourceIds: string[];
  notes: string[];
  archivedAt: string | null;
}

interface Draft {
  id?: number;
  rule: DetectionRule;
  groupKey: string;
  group: Record<string, string>;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The earliest events by (time, id), at most MAX_EVENT_IDS. */
  events: [number, string][];
  resources: Set<string>;
  notes: Set<string>;
  dirty: boolean;
}

interface SignalRowDb {
  id: number;
  rule_id: string;
  group_key: string;
  title: string;
  severity: string;
  status: string;
  first_seen: number;
  last_seen: number;
  count: number;
  event_ids: string;
  resource_ids: string;
  mitre: string;
  details: string;
  reason: string | null;
  archived_at: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function rowToSignal(row: SignalRowDb): Signal {
  const details = JSON.parse(row.details) as {
    group?: Record<string, string>;
    ruleSeverity?: Severity;
    notes?: string[];
    events?: [number, string][];
  };
  const events =
    details.events ?? (JSON.parse(row.event_ids) as string[]).map((id) => [0, id] as [number, string]);
  return {
    id: row.id,
    ruleId: row.rule_id,
    title: row.title,
    status: row.status as Signal['status'],
    severity: row.severity as Severity,
    ruleSeverity: details.ruleSeverity ?? (row.severity as Severity),
    reason: row.reason,
    group: details.group ?? {},
    count: row.count,
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    mitre: JSON.parse(row.mitre) as string[],
    eventIds: events.map(([, id]) => id),
    resourceIds: JSON.parse(row.resource_ids) as string[],
    notes: details.notes ?? [],
    archivedAt: row.archived_at === null ? null : iso(row.archived_at),
  };
}

function insertEvent(events: [number, string][], t: number, id: string): void {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = events[mid]!;
    if (e[0] < t || (e[0] === t && e[1] < id)) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= MAX_EVENT_IDS) return;
  if (events[lo]?.[1] === id) return;
  events.splice(lo, 0, [t, id]);
  if (events.length > MAX_EVENT_IDS) events.pop();
}

export interface Elevation {
  severity: Severity;
  reason: string;
}

/** Raises a severity one level (critical stays critical). */
export function raised(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(severity) + 1)]!;
}

/**
 * Signals being built in a run: one per rule and group, absorbing events while they keep arriving
 * (a quiet gap or the maximum duration starts a new one). An event joins the signal of its rule
 * and group it falls into (the open one in the database, or one this run started), so a late
 * event does not split the signal the current events are building. Drafts are written when the
 * run commits.
 */
export class SignalBook {
  /** Per rule and group: the open signal read from the database (if any), then the drafts this run started. */
  private readonly drafts = new Map<string, Draft[]>();
  private readonly findOpen: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.findOpen = db.prepare(
      `SELECT id, rule_id, group_key, title, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre, details, reason, archived_at
       FROM signals WHERE rule_id = ? AND group_key = ? AND status = 'open' ORDER BY last_seen DESC, id DESC LIMIT 1`,
    );
  }

  private load(rule: DetectionRule, groupKey: string): Draft | undefined {
    const row = this.findOpen.get(rule.id, groupKey) as SignalRowDb | undefined;
    if (!row) return undefined;
    const details = JSON.parse(row.details) as {
      group?: Record<string, string>;
      notes?: string[];
      events?: [number, string][];
    };
    return {
      id: row.id,
      rule,
      groupKey,
      group: details.group ?? {},
      count: row.count,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      events: details.events ?? [],
      resources: new Set(JSON.parse(row.resource_ids) as string[]),
      notes: new Set(details.notes ?? []),
      dirty: false,
    };
  }

  /** Adds one event to the rule's signal for the group. */
  add(
    rule: DetectionRule,
    group: Record<string, string>,
    groupKey: string,
    t: number,
    eventId: string,
    resources: readonly string[],
    note?: string,
  ): void {
    const key = `${rule.id}\u0000${groupKey}`;
    let list = this.drafts.get(key);
    if (!list) {
      const open = this.load(rule, groupKey);
      this.drafts.set(key, (list = open ? [open] : []));
    }
    const joins = (d: Draft) =>
      t >= d.firstSeen - rule.gapMs &&
      t <= d.lastSeen + rule.gapMs &&
      Math.max(d.lastSeen, t) - Math.min(d.firstSeen, t) <= rule.maxDurationMs;
    // The most recently started first: events in order always extend the latest one.
    let draft: Draft | undefined;
    for (let i = list.length - 1; i >= 0 && !draft; i--) if (joins(list[i]!)) draft = list[i];
    if (!draft) {
      draft = {
        rule,
        groupKey,
        group,
        count: 0,
        firstSeen: t,
        lastSeen: t,
        events: [],
        resources: new Set(),
        notes: new Set(),
        dirty: true,
      };
      list.push(draft);
    }
    draft.count++;
    draft.firstSeen = Math.min(draft.firstSeen, t);
    draft.lastSeen = Math.max(draft.lastSeen, t);
    insertEvent(draft.events, t, eventId);
    for (const r of resources)
      if (draft.resources.size < MAX_RESOURCE_IDS || draft.resources.has(r)) draft.resources.add(r);
    if (note && draft.notes.size < MAX_NOTES) draft.notes.add(note);
    draft.dirty = true;
  }

  /**
   * Writes every changed signal (inside the caller's transaction); returns the new ones.
   * `elevate` decides a raise from the resources' open posture findings.
   */
  flush(
    now: number,
    elevate: (resourceIds: string[], base: Severity) => Elevation | undefined,
    resolve: (id: string) => string,
  ): Signal[] {
    const insert = this.db.prepare(
      `INSERT INTO signals (rule_id, group_key, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre, details, title, reason, created_at)
       VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const update = this.db.prepare(
      `UPDATE signals SET severity = ?, first_seen = ?, last_seen = ?, count = ?, event_ids = ?, resource_ids = ?, details = ?, reason = ? WHERE id = ? AND status = 'open'`,
    );
    const created: Signal[] = [];
    const drafts = [...this.drafts.values()].flat().filter((d) => d.dirty);
    drafts.sort(
      (a, b) =>
        a.firstSeen - b.firstSeen ||
        (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : a.groupKey < b.groupKey ? -1 : 1),
    );
    for (const d of drafts) {
      const resources = [...new Set([...d.resources].map(resolve))].sort().slice(0, MAX_RESOURCE_IDS);
      const elevation = elevate(resources, d.rule.severity);
      const severity = elevation?.severity ?? d.rule.severity;
      const reason = elevation?.reason ?? null;
      const details = JSON.stringify({
        group: d.group,
        ruleSeverity: d.rule.severity,
        notes: [...d.notes].sort(),
        events: d.events,
      });
      const eventIds = JSON.stringify(d.events.map(([, id]) => id));
      if (d.id === undefined) {
        const mitre = JSON.stringify(d.rule.mitre);
        d.id = Number(
          insert.run(
            d.rule.id,
            d.groupKey,
            severity,
            d.firstSeen,
            d.lastSeen,
            d.count,
            eventIds,
            JSON.stringify(resources),
            mitre,
            details,
            d.rule.title,
            reason,
            now,
          ).lastInsertRowid,
        );
        created.push(
          rowToSignal({
            id: d.id,
            rule_id: d.rule.id,
            group_key: d.groupKey,
            title: d.rule.title,
            severity,
            status: 'open',
            first_seen: d.firstSeen,
            last_seen: d.lastSeen,
            count: d.count,
            event_ids: eventIds,
            resource_ids: JSON.stringify(resources),
            mitre,
            details,
            reason,
            archived_at: null,
          }),
        );
      } else {
        const { changes } = update.run(
          severity,
          d.firstSeen,
          d.lastSeen,
          d.count,
          eventIds,
          JSON.stringify(resources),
          details,
          reason,
          d.id,
        );
        // The signal was read while the input was; archived or removed since, it cannot absorb these events.
        if (changes === 0)
          throw new DetectionConflictError(`signal ${d.id} (${d.rule.id}) was archived or removed`);
      }
      d.dirty = false;
    }
    return created;
  }
}

export interface SignalFilter {
  status?: 'open' | 'archived';
  /** Signals seen at or after this time. */
  since?: Date;
  resourceId?: string;
}

const SELECT = `SELECT id, rule_id, group_key, title, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre, details, reason, archived_at FROM signals`;

export function listSignals(db: Database.Database, f: SignalFilter = {}): Signal[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.status) {
    where.push('status = ?');
    params.push(f.status);
  }
  if (f.since) {
    where.push('last_seen >= ?');
    params.push(f.since.getTime());
  }
  if (f.resourceId) {
    where.push('EXISTS (SELECT 1 FROM json_each(signals.resource_ids) j WHERE j.value = ?)');
    params.push(f.resourceId);
  }
  const rows = db
    .prepare(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen DESC, id DESC`,
    )
    .all(...params) as SignalRowDb[];
  return rows.map(rowToSignal);
}

/** Archives a signal; returns false when there is no such signal. Archiving twice is a no-op. */
export function archiveSignal(db: Database.Database, id: number, at: Date): boolean {
  const exists = db.prepare('SELECT status FROM signals WHERE id = ?').get(id) as
    { status: string } | undefined;
  if (!exists) return false;
  db.prepare("UPDATE signals SET status = 'archived', archived_at = ? WHERE id = ? AND status = 'open'").run(
    at.getTime(),
    id,
  );
  return true;
}
