import {
  isActiveSignalState,
  type LatestSignal,
  type NewSignal,
  type NewSuppression,
  type Signal,
  type SignalDayCount,
  type SignalFilter,
  type SignalGroupKey,
  type SignalStateChange,
  type SignalStateRequest,
  type SignalStatus,
  type SignalUpdate,
  type Suppression,
  type SuppressionHits,
} from '../model.js';
import type { SignalsRepository, SuppressionsRepository } from '../store.js';
import {
  COLUMNS,
  DETAIL_COLUMNS,
  encode,
  parseSummaries,
  toChange,
  toSignal,
  type Details,
  type HistoryRowDb,
  type SignalRowDb,
} from '../core/signal-rows.js';
import { iso, isoOrNull, type SqliteContext } from './context.js';
import type { Sync } from './facade.js';
import { SIGNAL_EVENTS_SCHEMA } from './migrations/index.js';

export class SqliteSignals implements Sync<SignalsRepository> {
  private summariesColumn: boolean | undefined;

  constructor(private readonly ctx: SqliteContext) {}

  /** The columns of a signal read whole (a database opened read-only before migration 012 lacks the summaries). */
  private detailColumns(): string {
    this.summariesColumn ??= (
      this.ctx.sql("SELECT name FROM pragma_table_info('signals')").all() as { name: string }[]
    ).some((c) => c.name === 'event_summaries');
    return this.summariesColumn ? DETAIL_COLUMNS : `${COLUMNS}, NULL AS event_summaries`;
  }

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
    if (f.until) {
      where.push('first_seen < ?');
      params.push(f.until.getTime());
    }
    if (f.ruleId) {
      where.push('rule_id = ?');
      params.push(f.ruleId);
    }
    if (f.resourceId) {
      where.push('EXISTS (SELECT 1 FROM json_each(signals.resource_ids) j WHERE j.value = ?)');
      params.push(f.resourceId);
    }
    const rows = this.ctx
      .sql(
        `SELECT ${COLUMNS} FROM signals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen DESC, id DESC`,
      )
      .all(...params) as SignalRowDb[];
    const history = this.historyOf(rows.map((r) => r.id));
    return rows.map((r) => toSignal(r, history.get(r.id)));
  }

  dailyCounts(f: Pick<SignalFilter, 'since' | 'until' | 'ruleId'> = {}): SignalDayCount[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.since) {
      where.push('first_seen >= ?');
      params.push(f.since.getTime());
    }
    if (f.until) {
      where.push('first_seen < ?');
      params.push(f.until.getTime());
    }
    if (f.ruleId) {
      where.push('rule_id = ?');
      params.push(f.ruleId);
    }
    return this.ctx
      .sql(
        `SELECT rule_id AS ruleId, strftime('%Y-%m-%d', first_seen / 1000, 'unixepoch') AS day, COUNT(*) AS signals,
           SUM(count) AS events, SUM(status = 'false_positive') AS falsePositives
         FROM signals ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         GROUP BY rule_id, day ORDER BY day, rule_id`,
      )
      .all(...params) as SignalDayCount[];
  }

  /** State changes of these signals, oldest first, by signal id. */
  private historyOf(ids: readonly number[]): Map<number, SignalStateChange[]> {
    const out = new Map<number, SignalStateChange[]>();
    if (ids.length === 0) return out;
    const rows = this.ctx
      .sql(
        'SELECT signal_id, state, at, by, note FROM signal_history WHERE signal_id IN (SELECT value FROM json_each(?)) ORDER BY signal_id, at, id',
      )
      .all(JSON.stringify(ids)) as HistoryRowDb[];
    for (const h of rows) {
      let list = out.get(h.signal_id);
      if (!list) out.set(h.signal_id, (list = []));
      list.push(toChange(h));
    }
    return out;
  }

  get(id: number): Signal | undefined {
    const row = this.ctx.sql(`SELECT ${this.detailColumns()} FROM signals WHERE id = ?`).get(id) as
      SignalRowDb | undefined;
    return row ? toSignal(row, this.historyOf([id]).get(id), SIGNAL_EVENTS_SCHEMA) : undefined;
  }

  setState(id: number, change: SignalStateRequest): Signal | undefined {
    const row = this.ctx.sql('SELECT status FROM signals WHERE id = ?').get(id) as
      { status: SignalStatus } | undefined;
    if (!row) return undefined;
    if (row.status !== change.state || change.note) {
      const at = change.at.getTime();
      this.ctx
        .sql('UPDATE signals SET status = ?, archived_at = ? WHERE id = ?')
        .run(change.state, isActiveSignalState(change.state) ? null : at, id);
      this.ctx
        .sql('INSERT INTO signal_history (signal_id, state, at, by, note) VALUES (?, ?, ?, ?, ?)')
        .run(id, change.state, at, change.by, change.note);
    }
    return this.get(id);
  }

  latest(keys: readonly SignalGroupKey[]): LatestSignal[] {
    const find = this.ctx.sql(
      `SELECT ${DETAIL_COLUMNS} FROM signals WHERE rule_id = ? AND group_key = ? ORDER BY last_seen DESC, id DESC LIMIT 1`,
    );
    const out: LatestSignal[] = [];
    for (const key of keys) {
      const row = find.get(key.ruleId, key.groupKey) as SignalRowDb | undefined;
      if (!row) continue;
      const details = JSON.parse(row.details) as Details;
      out.push({
        id: row.id,
        ruleId: row.rule_id,
        groupKey: row.group_key,
        status: row.status as SignalStatus,
        closedAt: isActiveSignalState(row.status as SignalStatus) ? null : row.archived_at,
        count: row.count,
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
        events: details.events ?? [],
        eventSummaries: parseSummaries(row.event_summaries),
        resourceIds: JSON.parse(row.resource_ids) as string[],
        group: details.group ?? {},
        notes: details.notes ?? [],
        ...(details.activeSince !== undefined ? { activeSince: details.activeSince } : {}),
      });
    }
    return out;
  }

  insert(signals: readonly NewSignal[]): Signal[] {
    const insert = this.ctx.sql(
      `INSERT INTO signals (rule_id, group_key, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre, details, title, reason, created_at, event_summaries)
       VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return signals.map((s) => {
      const { details, eventIds, eventSummaries, resourceIds } = encode(s);
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
          eventSummaries,
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
      `UPDATE signals SET severity = ?, first_seen = ?, last_seen = ?, count = ?, event_ids = ?, resource_ids = ?, details = ?, reason = ?, event_summaries = ?,
         status = CASE WHEN ? THEN 'open' ELSE status END, archived_at = CASE WHEN ? THEN NULL ELSE archived_at END
       WHERE id = ? AND (status = ? OR (? AND status IN ('open', 'acknowledged')))`,
    );
    const history = this.ctx.sql(
      "INSERT INTO signal_history (signal_id, state, at, by, note) VALUES (?, 'open', ?, NULL, ?)",
    );
    const notUpdated: number[] = [];
    for (const s of signals) {
      const { details, eventIds, eventSummaries, resourceIds } = encode(s);
      const reopen = s.reopen ? 1 : 0;
      const { changes } = update.run(
        s.severity,
        s.firstSeen,
        s.lastSeen,
        s.count,
        eventIds,
        resourceIds,
        details,
        s.reason,
        eventSummaries,
        reopen,
        reopen,
        s.id,
        s.expectStatus,
        isActiveSignalState(s.expectStatus) ? 1 : 0,
      );
      if (changes === 0) notUpdated.push(s.id);
      else if (s.reopen) history.run(s.id, s.reopen.at, s.reopen.note);
    }
    return notUpdated;
  }
}

interface SuppressionRowDb {
  id: number;
  rule_id: string | null;
  identity: string | null;
  cidr: string | null;
  reason: string;
  author: string | null;
  created_at: number;
  expires_at: number | null;
  removed_at: number | null;
  removed_by: string | null;
  hits: number;
  last_hit_at: number | null;
}

const toSuppression = (r: SuppressionRowDb): Suppression => ({
  id: r.id,
  ruleId: r.rule_id,
  identity: r.identity,
  cidr: r.cidr,
  reason: r.reason,
  author: r.author,
  createdAt: iso(r.created_at),
  expiresAt: isoOrNull(r.expires_at),
  removedAt: isoOrNull(r.removed_at),
  removedBy: r.removed_by,
  hits: r.hits,
  lastHitAt: isoOrNull(r.last_hit_at),
});

export class SqliteSuppressions implements Sync<SuppressionsRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  add(s: NewSuppression): number {
    return Number(
      this.ctx
        .sql(
          'INSERT INTO suppressions (rule_id, identity, cidr, reason, author, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          s.ruleId,
          s.identity,
          s.cidr,
          s.reason,
          s.author,
          s.createdAt.getTime(),
          s.expiresAt?.getTime() ?? null,
        ).lastInsertRowid,
    );
  }

  list(opts: { at?: Date; includeInactive?: boolean } = {}): Suppression[] {
    const rows = opts.includeInactive
      ? (this.ctx.sql('SELECT * FROM suppressions ORDER BY id').all() as SuppressionRowDb[])
      : (this.ctx
          .sql(
            'SELECT * FROM suppressions WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY id',
          )
          .all((opts.at ?? new Date()).getTime()) as SuppressionRowDb[]);
    return rows.map(toSuppression);
  }

  remove(id: number, p: { at: Date; by: string | null }): boolean {
    return (
      this.ctx
        .sql('UPDATE suppressions SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL')
        .run(p.at.getTime(), p.by, id).changes > 0
    );
  }

  recordHits(hits: readonly SuppressionHits[]): void {
    const add = this.ctx.sql(
      'UPDATE suppressions SET hits = hits + ?, last_hit_at = max(ifnull(last_hit_at, 0), ?) WHERE id = ?',
    );
    for (const h of hits) add.run(h.count, h.lastHit, h.id);
  }
}
