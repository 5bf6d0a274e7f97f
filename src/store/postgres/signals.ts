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
import { iso, isoOrNull, type Db } from './context.js';
import { SIGNAL_EVENTS_SCHEMA } from './migrations/index.js';

export class PgSignals implements SignalsRepository {
  private summariesColumn: Promise<boolean> | undefined;

  constructor(private readonly db: Db) {}

  /** The columns of a signal read whole (a schema opened read-only before migration 007 lacks the summaries). */
  private async detailColumns(): Promise<string> {
    this.summariesColumn ??= this.db
      .one<{ found: number }>(
        `SELECT 1 AS found FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = 'signals' AND column_name = 'event_summaries'`,
      )
      .then((row) => row !== undefined);
    return (await this.summariesColumn) ? DETAIL_COLUMNS : `${COLUMNS}, NULL AS event_summaries`;
  }

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
    if (f.until) {
      params.push(f.until.getTime());
      where.push(`first_seen < $${params.length}`);
    }
    if (f.ruleId) {
      params.push(f.ruleId);
      where.push(`rule_id = $${params.length}`);
    }
    if (f.resourceId) {
      params.push(f.resourceId);
      where.push(`jsonb_exists(resource_ids::jsonb, $${params.length})`);
    }
    const rows = await this.db.query<SignalRowDb>(
      `SELECT ${COLUMNS} FROM signals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen DESC, id DESC`,
      params,
    );
    const history = await this.historyOf(rows.map((r) => r.id));
    return rows.map((r) => toSignal(r, history.get(r.id)));
  }

  async dailyCounts(f: Pick<SignalFilter, 'since' | 'until' | 'ruleId'> = {}): Promise<SignalDayCount[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.since) {
      params.push(f.since.getTime());
      where.push(`first_seen >= $${params.length}`);
    }
    if (f.until) {
      params.push(f.until.getTime());
      where.push(`first_seen < $${params.length}`);
    }
    if (f.ruleId) {
      params.push(f.ruleId);
      where.push(`rule_id = $${params.length}`);
    }
    // The UTC day of the first sighting, as SQLite's strftime('%Y-%m-%d', first_seen / 1000, 'unixepoch').
    return this.db.query<SignalDayCount>(
      `SELECT rule_id AS "ruleId", day, COUNT(*) AS signals, SUM(count) AS events,
              COUNT(*) FILTER (WHERE status = 'false_positive') AS "falsePositives"
       FROM (SELECT rule_id, count, status,
                    to_char(to_timestamp(div(first_seen, 1000)) AT TIME ZONE 'UTC', 'YYYY-MM-DD') COLLATE "C" AS day
             FROM signals ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) s
       GROUP BY rule_id, day ORDER BY day, rule_id`,
      params,
    );
  }

  /** State changes of these signals, oldest first, by signal id. */
  private async historyOf(ids: readonly number[]): Promise<Map<number, SignalStateChange[]>> {
    const out = new Map<number, SignalStateChange[]>();
    if (ids.length === 0) return out;
    const rows = await this.db.query<HistoryRowDb>(
      'SELECT signal_id, state, at, by, note FROM signal_history WHERE signal_id = ANY($1::bigint[]) ORDER BY signal_id, at, id',
      [ids],
    );
    for (const h of rows) {
      let list = out.get(h.signal_id);
      if (!list) out.set(h.signal_id, (list = []));
      list.push(toChange(h));
    }
    return out;
  }

  async get(id: number): Promise<Signal | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await this.db.one<SignalRowDb>(
      `SELECT ${await this.detailColumns()} FROM signals WHERE id = $1`,
      [id],
    );
    return row ? toSignal(row, (await this.historyOf([id])).get(id), SIGNAL_EVENTS_SCHEMA) : undefined;
  }

  async setState(id: number, change: SignalStateRequest): Promise<Signal | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    // Locked: two people changing one signal at once both land in the history, in order.
    const row = await this.db.one<{ status: SignalStatus }>(
      'SELECT status FROM signals WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!row) return undefined;
    if (row.status !== change.state || change.note) {
      const at = change.at.getTime();
      await this.db.exec('UPDATE signals SET status = $1, archived_at = $2 WHERE id = $3', [
        change.state,
        isActiveSignalState(change.state) ? null : at,
        id,
      ]);
      await this.db.exec(
        'INSERT INTO signal_history (signal_id, state, at, by, note) VALUES ($1, $2, $3, $4, $5)',
        [id, change.state, at, change.by, change.note],
      );
    }
    return this.get(id);
  }

  async latest(keys: readonly SignalGroupKey[]): Promise<LatestSignal[]> {
    const out: LatestSignal[] = [];
    for (const key of keys) {
      const row = await this.db.one<SignalRowDb>(
        `SELECT ${DETAIL_COLUMNS} FROM signals WHERE rule_id = $1 AND group_key = $2
         ORDER BY last_seen DESC, id DESC LIMIT 1`,
        [key.ruleId, key.groupKey],
      );
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

  async insert(signals: readonly NewSignal[]): Promise<Signal[]> {
    const out: Signal[] = [];
    for (const s of signals) {
      const { details, eventIds, eventSummaries, resourceIds } = encode(s);
      const row = await this.db.one<SignalRowDb>(
        `INSERT INTO signals (rule_id, group_key, severity, status, first_seen, last_seen, count, event_ids, resource_ids, mitre,
                              details, title, reason, created_at, event_summaries)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${COLUMNS}`,
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
          eventSummaries,
        ],
      );
      out.push(toSignal(row!));
    }
    return out;
  }

  async update(signals: readonly SignalUpdate[]): Promise<number[]> {
    const notUpdated: number[] = [];
    for (const s of signals) {
      const { details, eventIds, eventSummaries, resourceIds } = encode(s);
      const reopen = Boolean(s.reopen);
      const changed = await this.db.exec(
        `UPDATE signals SET severity = $1, first_seen = $2, last_seen = $3, count = $4, event_ids = $5, resource_ids = $6,
                details = $7, reason = $8, event_summaries = $13,
                status = CASE WHEN $9::boolean THEN 'open' ELSE status END,
                archived_at = CASE WHEN $9::boolean THEN NULL ELSE archived_at END
         WHERE id = $10 AND (status = $11 OR ($12::boolean AND status IN ('open', 'acknowledged')))`,
        [
          s.severity,
          s.firstSeen,
          s.lastSeen,
          s.count,
          eventIds,
          resourceIds,
          details,
          s.reason,
          reopen,
          s.id,
          s.expectStatus,
          isActiveSignalState(s.expectStatus),
          eventSummaries,
        ],
      );
      if (changed === 0) notUpdated.push(s.id);
      else if (s.reopen)
        await this.db.exec(
          "INSERT INTO signal_history (signal_id, state, at, by, note) VALUES ($1, 'open', $2, NULL, $3)",
          [s.id, s.reopen.at, s.reopen.note],
        );
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

const SUPPRESSION_COLUMNS =
  'id, rule_id, identity, cidr, reason, author, created_at, expires_at, removed_at, removed_by, hits, last_hit_at';

export class PgSuppressions implements SuppressionsRepository {
  constructor(private readonly db: Db) {}

  async add(s: NewSuppression): Promise<number> {
    const row = await this.db.one<{ id: number }>(
      `INSERT INTO suppressions (rule_id, identity, cidr, reason, author, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        s.ruleId,
        s.identity,
        s.cidr,
        s.reason,
        s.author,
        s.createdAt.getTime(),
        s.expiresAt?.getTime() ?? null,
      ],
    );
    return row!.id;
  }

  async list(opts: { at?: Date; includeInactive?: boolean } = {}): Promise<Suppression[]> {
    const rows = opts.includeInactive
      ? await this.db.query<SuppressionRowDb>(`SELECT ${SUPPRESSION_COLUMNS} FROM suppressions ORDER BY id`)
      : await this.db.query<SuppressionRowDb>(
          `SELECT ${SUPPRESSION_COLUMNS} FROM suppressions
           WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > $1) ORDER BY id`,
          [(opts.at ?? new Date()).getTime()],
        );
    return rows.map(toSuppression);
  }

  async remove(id: number, p: { at: Date; by: string | null }): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    return (
      (await this.db.exec(
        'UPDATE suppressions SET removed_at = $1, removed_by = $2 WHERE id = $3 AND removed_at IS NULL',
        [p.at.getTime(), p.by, id],
      )) > 0
    );
  }

  async recordHits(hits: readonly SuppressionHits[]): Promise<void> {
    for (const h of hits) {
      if (!Number.isSafeInteger(h.id)) continue;
      await this.db.exec(
        'UPDATE suppressions SET hits = hits + $1, last_hit_at = GREATEST(COALESCE(last_hit_at, 0), $2) WHERE id = $3',
        [h.count, h.lastHit, h.id],
      );
    }
  }
}
