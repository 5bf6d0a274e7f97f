import type { Severity } from '../../types.js';
import type {
  NewSignal,
  OpenSignal,
  Signal,
  SignalFilter,
  SignalGroupKey,
  SignalState,
  SignalUpdate,
} from '../model.js';
import type { SignalsRepository } from '../store.js';
import { iso, isoOrNull, type Db } from './context.js';

// Signals keep SQLite's columns: lists and details as JSON text, so both backends store the same bytes.

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

/** What `details` holds. */
interface Details {
  group?: Record<string, string>;
  ruleSeverity?: Severity;
  notes?: string[];
  events?: [number, string][];
}

const COLUMNS =
  'id, rule_id, group_key, title, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre, details, reason, archived_at';

function toSignal(row: SignalRowDb): Signal {
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
    archivedAt: isoOrNull(row.archived_at),
  };
}

function encode(s: SignalState) {
  return {
    details: JSON.stringify({
      group: s.group,
      ruleSeverity: s.ruleSeverity,
      notes: s.notes,
      events: s.events,
    }),
    eventIds: JSON.stringify(s.events.map(([, id]) => id)),
    resourceIds: JSON.stringify(s.resourceIds),
  };
}

export class PgSignals implements SignalsRepository {
  constructor(private readonly db: Db) {}

  async list(f: SignalFilter = {}): Promise<Signal[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.status) {
      params.push(f.status);
      where.push(`status = $${params.length}`);
    }
    if (f.since) {
      params.push(f.since.getTime());
      where.push(`last_seen >= $${params.length}`);
    }
    if (f.resourceId) {
      params.push(f.resourceId);
      where.push(`jsonb_exists(resource_ids::jsonb, $${params.length})`);
    }
    return (
      await this.db.query<SignalRowDb>(
        `SELECT ${COLUMNS} FROM signals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen DESC, id DESC`,
        params,
      )
    ).map(toSignal);
  }

  async archive(id: number, at: Date): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    if (!(await this.db.one('SELECT status FROM signals WHERE id = $1', [id]))) return false;
    await this.db.exec(
      "UPDATE signals SET status = 'archived', archived_at = $1 WHERE id = $2 AND status = 'open'",
      [at.getTime(), id],
    );
    return true;
  }

  async open(keys: readonly SignalGroupKey[]): Promise<OpenSignal[]> {
    const out: OpenSignal[] = [];
    for (const key of keys) {
      const row = await this.db.one<SignalRowDb>(
        `SELECT ${COLUMNS} FROM signals WHERE rule_id = $1 AND group_key = $2 AND status = 'open'
         ORDER BY last_seen DESC, id DESC LIMIT 1`,
        [key.ruleId, key.groupKey],
      );
      if (!row) continue;
      const details = JSON.parse(row.details) as Details;
      out.push({
        id: row.id,
        ruleId: row.rule_id,
        groupKey: row.group_key,
        count: row.count,
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
        events: details.events ?? [],
        resourceIds: JSON.parse(row.resource_ids) as string[],
        group: details.group ?? {},
        notes: details.notes ?? [],
      });
    }
    return out;
  }

  async insert(signals: readonly NewSignal[]): Promise<Signal[]> {
    const out: Signal[] = [];
    for (const s of signals) {
      const { details, eventIds, resourceIds } = encode(s);
      const row = await this.db.one<SignalRowDb>(
        `INSERT INTO signals (rule_id, group_key, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre,
                              details, title, reason, created_at)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
        [
          s.ruleId,
          s.groupKey,
          s.severity,
          s.firstSeen,
          s.lastSeen,
          s.count,
          eventIds,
          resourceIds,
          JSON.stringify(s.mitre),
          details,
          s.title,
          s.reason,
          s.createdAt,
        ],
      );
      out.push(toSignal(row!));
    }
    return out;
  }

  async update(signals: readonly SignalUpdate[]): Promise<number[]> {
    const notOpen: number[] = [];
    for (const s of signals) {
      const { details, eventIds, resourceIds } = encode(s);
      const changed = await this.db.exec(
        `UPDATE signals SET severity = $1, first_seen = $2, last_seen = $3, count = $4, event_ids = $5, resource_ids = $6,
                details = $7, reason = $8 WHERE id = $9 AND status = 'open'`,
        [s.severity, s.firstSeen, s.lastSeen, s.count, eventIds, resourceIds, details, s.reason, s.id],
      );
      if (changed === 0) notOpen.push(s.id);
    }
    return notOpen;
  }
}
