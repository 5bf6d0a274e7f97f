import { randomUUID } from 'node:crypto';
import type { AlertGroup, OutboxMessage, OutboxRow, OutboxStatus } from '../model.js';
import type { OutboxRepository } from '../store.js';
import type { SqliteContext } from './context.js';
import type { Sync } from './facade.js';

export class SqliteOutbox implements Sync<OutboxRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  enqueue(messages: readonly OutboxMessage[], at: Date): number {
    const insert = this.ctx.sql(
      `INSERT INTO outbox (created_at, channel, payload, delivery_id, attempts, next_attempt_at, scan_id) VALUES (?, ?, ?, ?, 0, ?, ?)
       ON CONFLICT (delivery_id) DO NOTHING`,
    );
    let queued = 0;
    for (const m of messages)
      queued += insert.run(
        at.getTime(),
        m.channel,
        m.payload,
        m.deliveryId ?? randomUUID(),
        at.getTime(),
        m.scanId ?? null,
      ).changes;
    return queued;
  }

  claim(at: Date | undefined, limit: number, _leaseMs: number, afterId = 0): OutboxRow[] {
    return this.ctx
      .sql(
        `SELECT id, channel, payload, delivery_id AS deliveryId, attempts FROM outbox
         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND id > ? ORDER BY id LIMIT ?`,
      )
      .all(at?.getTime() ?? Number.MAX_SAFE_INTEGER, afterId, limit) as OutboxRow[];
  }

  due(at: Date | undefined, limit: number): OutboxRow[] {
    return this.ctx
      .sql(
        `SELECT id, channel, payload, delivery_id AS deliveryId, attempts FROM outbox
         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
      )
      .all(at?.getTime() ?? Number.MAX_SAFE_INTEGER, limit) as OutboxRow[];
  }

  markDelivered(id: number, at: Date): void {
    this.ctx
      .sql('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?')
      .run(at.getTime(), id);
  }

  markRetry(id: number, p: { attempts: number; nextAttemptAt: Date; error: string }): void {
    this.ctx
      .sql('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?')
      .run(p.attempts, p.nextAttemptAt.getTime(), p.error, id);
  }

  markFailed(id: number, p: { attempts?: number; at: Date; error: string; channel?: string }): void {
    this.ctx
      .sql(
        'UPDATE outbox SET attempts = coalesce(?, attempts), failed_at = ?, last_error = ?, channel = coalesce(?, channel) WHERE id = ?',
      )
      .run(p.attempts ?? null, p.at.getTime(), p.error, p.channel ?? null, id);
  }

  status(): OutboxStatus {
    const row = this.ctx
      .sql(
        `SELECT sum(delivered_at IS NOT NULL) AS delivered, sum(delivered_at IS NULL AND failed_at IS NULL) AS pending,
                sum(failed_at IS NOT NULL) AS failed FROM outbox`,
      )
      .get() as { delivered: number | null; pending: number | null; failed: number | null };
    return { delivered: row.delivered ?? 0, pending: row.pending ?? 0, failed: row.failed ?? 0 };
  }

  queueAlertItems(scanId: number, items: readonly { route: string; item: string }[], at: Date): void {
    const insert = this.ctx.sql(
      'INSERT INTO alert_items (scan_id, route, item, created_at) VALUES (?, ?, ?, ?)',
    );
    for (const i of items) insert.run(scanId, i.route, i.item, at.getTime());
  }

  alertGroups(ownPid: number): AlertGroup[] {
    return this.ctx
      .sql(
        `SELECT a.scan_id AS scanId, a.route FROM alert_items a JOIN scans s ON s.id = a.scan_id
         WHERE s.status != 'running' OR s.pid IS NULL OR s.pid = ? GROUP BY a.scan_id, a.route ORDER BY a.scan_id`,
      )
      .all(ownPid) as AlertGroup[];
  }

  takeAlertItems(group: AlertGroup): string[] {
    const items = (
      this.ctx
        .sql('SELECT item FROM alert_items WHERE scan_id = ? AND route = ? ORDER BY id')
        .all(group.scanId, group.route) as { item: string }[]
    ).map((r) => r.item);
    this.ctx.sql('DELETE FROM alert_items WHERE scan_id = ? AND route = ?').run(group.scanId, group.route);
    return items;
  }

  pendingChannelKeys(): string[] {
    return (
      this.ctx
        .sql(
          `SELECT channel AS key FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND channel GLOB '*:????????????????'
           UNION SELECT route FROM alert_items WHERE route GLOB '*:????????????????'`,
        )
        .all() as { key: string }[]
    ).map((r) => r.key);
  }

  rekey(from: string, to: string): void {
    this.ctx
      .sql('UPDATE outbox SET channel = ? WHERE channel = ? AND delivered_at IS NULL AND failed_at IS NULL')
      .run(to, from);
    this.ctx.sql('UPDATE alert_items SET route = ? WHERE route = ?').run(to, from);
  }

  lastAlerted(key: string): string | undefined {
    return (
      this.ctx.sql('SELECT value FROM detect_state WHERE key = ?').get(key) as { value: string } | undefined
    )?.value;
  }

  setLastAlerted(key: string, episode: string, at: Date): void {
    this.ctx
      .sql(
        'INSERT INTO detect_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(key, episode, at.getTime());
  }
}
