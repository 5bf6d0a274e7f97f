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
import { iso, isoOrNull, type SqliteContext } from './context.js';
import type { Sync } from './facade.js';

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

/** What `details` holds (older rows lack `events`: their ids come from `event_ids`, without times). */
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

/** The stored columns of a signal's state. */
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

export class SqliteSignals implements Sync<SignalsRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  list(f: SignalFilter = {}): Signal[] {
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
    return (
      this.ctx
        .sql(
          `SELECT ${COLUMNS} FROM signals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen DESC, id DESC`,
        )
        .all(...params) as SignalRowDb[]
    ).map(toSignal);
  }

  archive(id: number, at: Date): boolean {
    if (!this.ctx.sql('SELECT status FROM signals WHERE id = ?').get(id)) return false;
    this.ctx
      .sql("UPDATE signals SET status = 'archived', archived_at = ? WHERE id = ? AND status = 'open'")
      .run(at.getTime(), id);
    return true;
  }

  open(keys: readonly SignalGroupKey[]): OpenSignal[] {
    const find = this.ctx.sql(
      `SELECT ${COLUMNS} FROM signals WHERE rule_id = ? AND group_key = ? AND status = 'open' ORDER BY last_seen DESC, id DESC LIMIT 1`,
    );
    const out: OpenSignal[] = [];
    for (const key of keys) {
      const row = find.get(key.ruleId, key.groupKey) as SignalRowDb | undefined;
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

  insert(signals: readonly NewSignal[]): Signal[] {
    const insert = this.ctx.sql(
      `INSERT INTO signals (rule_id, group_key, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre, details, title, reason, created_at)
       VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return signals.map((s) => {
      const { details, eventIds, resourceIds } = encode(s);
      const mitre = JSON.stringify(s.mitre);
      const id = Number(
        insert.run(
          s.ruleId,
          s.groupKey,
          s.severity,
          s.firstSeen,
          s.lastSeen,
          s.count,
          eventIds,
          resourceIds,
          mitre,
          details,
          s.title,
          s.reason,
          s.createdAt,
        ).lastInsertRowid,
      );
      return toSignal({
        id,
        rule_id: s.ruleId,
        group_key: s.groupKey,
        title: s.title,
        severity: s.severity,
        status: 'open',
        first_seen: s.firstSeen,
        last_seen: s.lastSeen,
        count: s.count,
        event_ids: eventIds,
        resource_ids: resourceIds,
        mitre,
        details,
        reason: s.reason,
        archived_at: null,
      });
    });
  }

  update(signals: readonly SignalUpdate[]): number[] {
    const update = this.ctx.sql(
      `UPDATE signals SET severity = ?, first_seen = ?, last_seen = ?, count = ?, event_ids = ?, resource_ids = ?, details = ?, reason = ? WHERE id = ? AND status = 'open'`,
    );
    const notOpen: number[] = [];
    for (const s of signals) {
      const { details, eventIds, resourceIds } = encode(s);
      const { changes } = update.run(
        s.severity,
        s.firstSeen,
        s.lastSeen,
        s.count,
        eventIds,
        resourceIds,
        details,
        s.reason,
        s.id,
      );
      if (changes === 0) notOpen.push(s.id);
    }
    return notOpen;
  }
}
