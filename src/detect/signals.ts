import {
  isActiveSignalState,
  type SignalEventSummary,
  type LatestSignal,
  type NewSignal,
  type SignalGroupKey,
  type SignalStatus,
  type SignalUpdate,
} from '../store/index.js';
import { SEVERITIES, type Severity } from '../types.js';
import { MAX_EVENT_SUMMARIES, unrecordedEvent } from './event-summary.js';
import type { DetectionRule } from './sigma.js';

export type { Signal, SignalFilter } from '../store/index.js';

export const MAX_EVENT_IDS = 100;
export const MAX_RESOURCE_IDS = 100;
const MAX_NOTES = 20;

interface Draft {
  id?: number;
  /** The state read from the store (new drafts: open); a reopening does not change it (see `reopen`). */
  status: SignalStatus;
  /** When the stored signal was closed (resolved, false positive); null while active. */
  closedAt: number | null;
  /** Where the active span starts (a reopened signal: the event that reopened it), for gap and maximum duration. */
  activeSince?: number;
  /** Set when an event dated after the closure reopens the signal in this run. */
  reopen?: { at: number; note: string };
  rule: DetectionRule;
  groupKey: string;
  group: Record<string, string>;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The earliest events by (time, id), at most MAX_EVENT_IDS. */
  events: [number, string][];
  /** Summaries of (at least) the first MAX_EVENT_SUMMARIES events, by event id. */
  summaries: Map<string, SignalEventSummary>;
  resources: Set<string>;
  notes: Set<string>;
  dirty: boolean;
}

/** One event joining a rule's signal for a group (what rule evaluation produces; applied in order). */
export interface SignalAddition {
  rule: DetectionRule;
  group: Record<string, string>;
  groupKey: string;
  t: number;
  eventId: string;
  resources: readonly string[];
  note?: string;
  /** The event's summary, when its record is at hand. */
  summary?: SignalEventSummary;
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

/** Decides a raise of a signal's severity from its (inventory) resource ids. */
export type Elevate = (resourceIds: string[], base: Severity) => Elevation | undefined;

/** Raises a severity one level (critical stays critical). */
export function raised(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(severity) + 1)]!;
}

const bookKey = (ruleId: string, groupKey: string) => `${ruleId}\u0000${groupKey}`;

/** The changed signals of a run, ready to write: new ones (in order) and updates of open ones. */
export interface SignalWrites {
  inserts: NewSignal[];
  updates: SignalUpdate[];
  /** Rule of each update, by signal id (for the conflict message). */
  ruleOf: Map<number, string>;
}

/**
 * Signals being built in a run: one per rule and group, absorbing events while they keep arriving
 * (a quiet gap or the maximum duration starts a new one). An event joins the signal of its rule
 * and group it falls into (the open one in the store, or one this run started), so a late event
 * does not split the signal the current events are building. The open signals are read before
 * the events that need them are added (`missing`, then `loaded`); drafts are written when the run
 * commits (`writes`).
 */
export class SignalBook {
  /** Per rule and group: the open signal read from the store (if any), then the drafts this run started. */
  private readonly drafts = new Map<string, Draft[]>();

  /** The (rule, group) pairs of these additions whose open signal has not been read yet. */
  missing(additions: readonly SignalAddition[]): SignalGroupKey[] {
    const out = new Map<string, SignalGroupKey>();
    for (const a of additions) {
      const key = bookKey(a.rule.id, a.groupKey);
      if (!this.drafts.has(key) && !out.has(key)) out.set(key, { ruleId: a.rule.id, groupKey: a.groupKey });
    }
    return [...out.values()];
  }

  /** Records the open signals read for `keys` (a key without one starts empty). */
  loaded(
    keys: readonly SignalGroupKey[],
    latest: readonly LatestSignal[],
    rules: ReadonlyMap<string, DetectionRule>,
  ): void {
    const found = new Map(latest.map((s) => [bookKey(s.ruleId, s.groupKey), s]));
    for (const k of keys) {
      const key = bookKey(k.ruleId, k.groupKey);
      if (this.drafts.has(key)) continue;
      const s = found.get(key);
      const rule = rules.get(k.ruleId);
      this.drafts.set(
        key,
        s && rule
          ? [
              {
                id: s.id,
                status: s.status,
                closedAt: s.closedAt,
                ...(s.activeSince !== undefined ? { activeSince: s.activeSince } : {}),
                rule,
                groupKey: k.groupKey,
                group: s.group,
                count: s.count,
                firstSeen: s.firstSeen,
                lastSeen: s.lastSeen,
                events: s.events,
                summaries: new Map((s.eventSummaries ?? []).filter((e) => e.recorded).map((e) => [e.id, e])),
                resources: new Set(s.resourceIds),
                notes: new Set(s.notes),
                dirty: false,
              },
            ]
          : [],
      );
    }
  }

  /** Adds one event to the rule's signal for the group (its open signal must have been loaded). */
  add(a: SignalAddition): void {
    const { rule, t } = a;
    const key = bookKey(rule.id, a.groupKey);
    let list = this.drafts.get(key);
    if (!list) this.drafts.set(key, (list = []));
    const joins = (d: Draft) => {
      const start = d.activeSince ?? d.firstSeen;
      return (
        t >= start - rule.gapMs &&
        t <= d.lastSeen + rule.gapMs &&
        Math.max(d.lastSeen, t) - Math.min(start, t) <= rule.maxDurationMs
      );
    };
    // The most recently started first: events in order always extend the latest one.
    let draft: Draft | undefined;
    for (let i = list.length - 1; i >= 0 && !draft; i--) {
      const d = list[i]!;
      if (isActiveSignalState(d.status) || d.reopen) {
        if (joins(d)) draft = d;
      } else if (d.closedAt !== null && t > d.closedAt) {
        // New activity after the signal was closed: it reopens, history and all. Older events never do.
        d.reopen = {
          at: t,
          note: `reopened: new event at ${new Date(t).toISOString()} after it was ${d.status} at ${new Date(d.closedAt).toISOString()}`,
        };
        d.activeSince = t;
        draft = d;
      } else if (joins(d)) draft = d; // an old event of a closed signal joins it, which stays closed
    }
    if (!draft) {
      draft = {
        status: 'open',
        closedAt: null,
        rule,
        groupKey: a.groupKey,
        group: a.group,
        count: 0,
        firstSeen: t,
        lastSeen: t,
        events: [],
        summaries: new Map(),
        resources: new Set(),
        notes: new Set(),
        dirty: true,
      };
      list.push(draft);
    }
    draft.count++;
    draft.firstSeen = Math.min(draft.firstSeen, t);
    draft.lastSeen = Math.max(draft.lastSeen, t);
    insertEvent(draft.events, t, a.eventId);
    if (a.summary && !draft.summaries.has(a.eventId)) {
      const i = draft.events.findIndex(([, id]) => id === a.eventId);
      if (i >= 0 && i < MAX_EVENT_SUMMARIES) draft.summaries.set(a.eventId, a.summary);
      if (draft.summaries.size > 2 * MAX_EVENT_SUMMARIES) {
        // Events arriving out of order pushed earlier summaries out of the first ones: forget those.
        const kept = new Set(draft.events.slice(0, MAX_EVENT_SUMMARIES).map(([, id]) => id));
        for (const id of draft.summaries.keys()) if (!kept.has(id)) draft.summaries.delete(id);
      }
    }
    for (const r of a.resources)
      if (draft.resources.size < MAX_RESOURCE_IDS || draft.resources.has(r)) draft.resources.add(r);
    if (a.note && draft.notes.size < MAX_NOTES) draft.notes.add(a.note);
    draft.dirty = true;
  }

  private changed(): Draft[] {
    const drafts = [...this.drafts.values()].flat().filter((d) => d.dirty);
    return drafts.sort(
      (a, b) =>
        a.firstSeen - b.firstSeen ||
        (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : a.groupKey < b.groupKey ? -1 : 1),
    );
  }

  /** The resource ids (as events named them) of every changed signal. */
  changedResources(): string[] {
    return [...new Set(this.changed().flatMap((d) => [...d.resources]))];
  }

  /**
   * What to write for every changed signal, in a stable order. `resolve` maps event resource ids
   * to inventory ids; `elevate` decides a raise from those resources' open posture findings.
   */
  writes(now: number, elevate: Elevate, resolve: (id: string) => string): SignalWrites {
    const out: SignalWrites = { inserts: [], updates: [], ruleOf: new Map() };
    for (const d of this.changed()) {
      const resourceIds = [...new Set([...d.resources].map(resolve))].sort().slice(0, MAX_RESOURCE_IDS);
      const elevation = elevate(resourceIds, d.rule.severity);
      const state = {
        severity: elevation?.severity ?? d.rule.severity,
        reason: elevation?.reason ?? null,
        firstSeen: d.firstSeen,
        lastSeen: d.lastSeen,
        count: d.count,
        events: d.events,
        eventSummaries: d.events
          .slice(0, MAX_EVENT_SUMMARIES)
          .map(([t, id]) => d.summaries.get(id) ?? unrecordedEvent(id, t)),
        resourceIds,
        group: d.group,
        ruleSeverity: d.rule.severity,
        notes: [...d.notes].sort(),
        ...(d.activeSince !== undefined ? { activeSince: d.activeSince } : {}),
      };
      if (d.id === undefined)
        out.inserts.push({
          ...state,
          ruleId: d.rule.id,
          groupKey: d.groupKey,
          title: d.rule.title,
          mitre: d.rule.mitre,
          createdAt: now,
        });
      else {
        out.updates.push({
          ...state,
          id: d.id,
          // The state read: a reopened signal was closed; the store refuses the update if it changed.
          expectStatus: d.status,
          ...(d.reopen ? { reopen: d.reopen } : {}),
        });
        out.ruleOf.set(d.id, d.rule.id);
      }
    }
    return out;
  }
}
