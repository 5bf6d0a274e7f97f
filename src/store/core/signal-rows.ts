/**
 * A signal as both backends store it: the same columns (lists and details as JSON text, so both
 * store the same bytes) and the same conversions between rows and the model.
 */
import type { Severity } from '../../types.js';
import type {
  Signal,
  SignalEvents,
  SignalEventSummary,
  SignalState,
  SignalStateChange,
  SignalStatus,
} from '../model.js';
import { iso, isoOrNull } from './time.js';

export interface SignalRowDb {
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
  /** Selected only where a signal is read whole (DETAIL_COLUMNS); NULL: raised before summaries were kept. */
  event_summaries?: string | null;
}

/** What `details` holds (older rows lack `events`: their ids come from `event_ids`, without times). */
export interface Details {
  group?: Record<string, string>;
  ruleSeverity?: Severity;
  notes?: string[];
  events?: [number, string][];
  activeSince?: number;
}

export const COLUMNS =
  'id, rule_id, group_key, title, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre, details, reason, archived_at';

/** COLUMNS and the event summaries (one signal read by id; the latest signal a run continues). */
export const DETAIL_COLUMNS = `${COLUMNS}, event_summaries`;

export const parseSummaries = (text: string | null | undefined): SignalEventSummary[] | null =>
  text == null ? null : (JSON.parse(text) as SignalEventSummary[]);

/**
 * The events of a signal read whole. `since` names the store schema from which summaries are kept,
 * for the note on a signal raised before it.
 */
function eventsOf(row: SignalRowDb, since: string): SignalEvents {
  const items = parseSummaries(row.event_summaries);
  return items
    ? { recorded: true, note: null, items, total: row.count }
    : { recorded: false, note: `events not recorded (raised before ${since})`, items: [], total: row.count };
}

export interface HistoryRowDb {
  signal_id: number;
  state: string;
  at: number;
  by: string | null;
  note: string | null;
}

export const toChange = (h: HistoryRowDb): SignalStateChange => ({
  state: h.state as SignalStatus,
  at: iso(h.at),
  by: h.by,
  note: h.note,
});

/** `eventsSince`: the schema the backend keeps event summaries from (used when the row has them selected). */
export function toSignal(row: SignalRowDb, history: SignalStateChange[] = [], eventsSince = ''): Signal {
  const details = JSON.parse(row.details) as Details;
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
    closedAt: isoOrNull(row.archived_at),
    history,
    ...(row.event_summaries !== undefined ? { events: eventsOf(row, eventsSince) } : {}),
  };
}

/** The stored columns of a signal's state. */
export function encode(s: SignalState) {
  return {
    details: JSON.stringify({
      group: s.group,
      ruleSeverity: s.ruleSeverity,
      notes: s.notes,
      events: s.events,
      ...(s.activeSince !== undefined ? { activeSince: s.activeSince } : {}),
    }),
    eventIds: JSON.stringify(s.events.map(([, id]) => id)),
    eventSummaries: JSON.stringify(s.eventSummaries),
    resourceIds: JSON.stringify(s.resourceIds),
  };
}
