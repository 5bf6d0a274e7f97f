import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AlertGroup, OutboxMessage, OutboxRow, OutboxStatus } from '../model.js';
import type { OutboxRepository } from '../store.js';
import { batches, type Db } from './context.js';

export class PgOutbox implements OutboxRepository {
  constructor(private readonly db: Db) {}

  async enqueue(messages: readonly OutboxMessage[], at: Date): Promise<number> {
    let queued = 0;
    for (const chunk of batches(messages, 1_000))
      queued += await this.db.exec(
        `INSERT INTO outbox (created_at, channel, payload, delivery_id, attempts, next_attempt_at, scan_id)
         SELECT $1, channel, payload, delivery_id, 0, $1, scan_id
         FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) WITH ORDINALITY AS u(channel, payload, delivery_id, scan_id, n)
         ORDER BY n
         ON CONFLICT (delivery_id) DO NOTHING`,
        [
          at.getTime(),
          chunk.map((m) => m.channel),
          chunk.map((m) => m.payload),
          chunk.map((m) => m.deliveryId ?? randomUUID()),
          chunk.map((m) => m.scanId ?? null),
        ],
      );
    return queued;
  }

  /**
   * Takes due rows for this process: rows another claimer holds are skipped, and the taken ones
   * are not due again for `leaseMs` (markDelivered/markRetry settle them before that).
   */
  async claim(at: Date | undefined, limit: number, leaseMs: number, afterId = 0): Promise<OutboxRow[]> {
    const now = at?.getTime() ?? Date.now();
    const rows = await this.db.query<OutboxRow>(
      `WITH taken AS (
         SELECT id FROM outbox
         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 AND id > $4
         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE outbox o SET next_attempt_at = $3 FROM taken WHERE o.id = taken.id
       RETURNING o.id, o.channel, o.payload, o.delivery_id AS "deliveryId", o.attempts`,
      [at?.getTime() ?? Number.MAX_SAFE_INTEGER, limit, now + leaseMs, afterId],
    );
    return rows.sort((a, b) => a.id - b.id);
  }

  due(at: Date | undefined, limit: number): Promise<OutboxRow[]> {
    return this.db.query<OutboxRow>(
      `SELECT id, channel, payload, delivery_id AS "deliveryId", attempts FROM outbox
       WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2`,
      [at?.getTime() ?? Number.MAX_SAFE_INTEGER, limit],
    );
  }

  async markDelivered(id: number, at: Date): Promise<void> {
    await this.db.exec(
      'UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2',
      [at.getTime(), id],
    );
  }

  async markRetry(id: number, p: { attempts: number; nextAttemptAt: Date; error: string }): Promise<void> {
    await this.db.exec(
      'UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4',
      [p.attempts, p.nextAttemptAt.getTime(), p.error, id],
    );
  }

  async markFailed(
    id: number,
    p: { attempts?: number; at: Date; error: string; channel?: string },
  ): Promise<void> {
    await this.db.exec(
      `UPDATE outbox SET attempts = coalesce($1::int, attempts), failed_at = $2, last_error = $3,
              channel = coalesce($4::text, channel) WHERE id = $5`,
      [p.attempts ?? null, p.at.getTime(), p.error, p.channel ?? null, id],
    );
  }

  async status(): Promise<OutboxStatus> {
    const row = await this.db.one<OutboxStatus>(
      `SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
              count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS pending,
              count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed FROM outbox`,
    );
    return { delivered: row!.delivered, pending: row!.pending, failed: row!.failed };
  }

  async queueAlertItems(
    scanId: number,
    items: readonly { route: string; item: string }[],
    at: Date,
  ): Promise<void> {
    for (const chunk of batches(items, 2_000))
      await this.db.exec(
        `INSERT INTO alert_items (scan_id, route, item, created_at)
         SELECT $1, route, item, $2 FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS u(route, item, n) ORDER BY n`,
        [scanId, at.getTime(), chunk.map((i) => i.route), chunk.map((i) => i.item)],
      );
  }

  /** A running scan's pid names a process of the host that started it: only ours count as our own. */
  alertGroups(ownPid: number): Promise<AlertGroup[]> {
    return this.db.query<AlertGroup>(
      `SELECT a.scan_id AS "scanId", a.route FROM alert_items a JOIN scans s ON s.id = a.scan_id
       WHERE s.status != 'running' OR s.pid IS NULL OR (s.pid = $1 AND s.host IS NOT DISTINCT FROM $2)
       GROUP BY a.scan_id, a.route ORDER BY a.scan_id, a.route`,
      [ownPid, hostname()],
    );
  }

  /** Deleted as they are read: a concurrent taker of the same group waits, then finds none. */
  async takeAlertItems(group: AlertGroup): Promise<string[]> {
    return (
      await this.db.query<{ item: string }>(
        `WITH taken AS (DELETE FROM alert_items WHERE scan_id = $1 AND route = $2 RETURNING id, item)
         SELECT item FROM taken ORDER BY id`,
        [group.scanId, group.route],
      )
    ).map((r) => r.item);
  }

  async pendingChannelKeys(): Promise<string[]> {
    return (
      await this.db.query<{ key: string }>(
        `SELECT channel AS key FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND channel ~ ':.{16}$'
         UNION SELECT route FROM alert_items WHERE route ~ ':.{16}$' ORDER BY 1`,
      )
    ).map((r) => r.key);
  }

  async rekey(from: string, to: string): Promise<void> {
    await this.db.exec(
      'UPDATE outbox SET channel = $1 WHERE channel = $2 AND delivered_at IS NULL AND failed_at IS NULL',
      [to, from],
    );
    await this.db.exec('UPDATE alert_items SET route = $1 WHERE route = $2', [to, from]);
  }

  async lastAlerted(key: string): Promise<string | undefined> {
    return (await this.db.one<{ value: string }>('SELECT value FROM detect_state WHERE key = $1', [key]))
      ?.value;
  }

  async setLastAlerted(key: string, episode: string, at: Date): Promise<void> {
    await this.db.exec(
      `INSERT INTO detect_state (key, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, episode, at.getTime()],
    );
  }
}
