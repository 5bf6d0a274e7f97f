import { StoreError } from '../errors.js';
import type { Checkpoint } from '../model.js';
import type { DetectionRepository } from '../store.js';
import type { SqliteContext } from './context.js';
import type { Sync } from './facade.js';

/** The synchronous detection repository; the store wraps the event log calls into an EventLog. */
export type SqliteDetectionApi = Sync<Omit<DetectionRepository, 'startEventLog' | 'commitEventLog'>> & {
  resetEventLog(): void;
  checkEvents(ids: readonly (string | undefined)[]): boolean[];
  clearEventLog(): void;
  commitEventLog(p: { watermark: number; forgetBefore: number }): void;
};

/**
 * Detection state: rule state as JSON values in `detect_state`, processed event ids in
 * `detect_events`, source checkpoints in `detect_checkpoints`. A run's event log is a TEMP table:
 * private to this connection, so writing it while the input is read locks nothing in the database file.
 */
export class SqliteDetection implements SqliteDetectionApi {
  private logReady = false;
  /** A run's log is open: the TEMP table is the connection's, so one run at a time. */
  private logOpen = false;

  constructor(private readonly ctx: SqliteContext) {}

  readState(keys: readonly string[]): Map<string, unknown> {
    const read = this.ctx.sql('SELECT value FROM detect_state WHERE key = ?');
    const out = new Map<string, unknown>();
    for (const key of keys) {
      const row = read.get(key) as { value: string } | undefined;
      if (row) out.set(key, JSON.parse(row.value));
    }
    return out;
  }

  writeState(entries: readonly (readonly [string, unknown])[], at: number): void {
    const write = this.ctx.sql(
      'INSERT INTO detect_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    for (const [key, value] of entries) write.run(key, JSON.stringify(value), at);
  }

  resetEventLog(): void {
    if (this.logOpen)
      throw new StoreError('invalid', 'a detection run is already in progress on this connection');
    // The TEMP table spills to a temporary file past a small page cache: memory stays flat however many ids a run reads.
    this.ctx.db.exec(
      `PRAGMA temp.cache_size = -2048;
       CREATE TEMP TABLE IF NOT EXISTS detect_pending (event_id TEXT PRIMARY KEY, seen INTEGER NOT NULL) WITHOUT ROWID;
       DELETE FROM temp.detect_pending;`,
    );
    this.logReady = true;
    this.logOpen = true;
  }

  checkEvents(ids: readonly (string | undefined)[]): boolean[] {
    const stored = this.ctx.sql('SELECT 1 AS found FROM main.detect_events WHERE event_id = ?');
    // seen: 0 new to the database, 1 read before (its id is kept longer at commit). An id this run
    // already logged is ignored: the insert changes nothing, which is how it is recognised.
    const mark = this.ctx.sql('INSERT OR IGNORE INTO temp.detect_pending (event_id, seen) VALUES (?, ?)');
    return ids.map((id) => {
      if (id === undefined) return true;
      const before = stored.get(id) !== undefined;
      const logged = mark.run(id, before ? 1 : 0).changes === 0;
      return !before && !logged;
    });
  }

  clearEventLog(): void {
    this.logOpen = false;
    if (this.logReady) this.ctx.db.exec('DELETE FROM temp.detect_pending');
  }

  commitEventLog(p: { watermark: number; forgetBefore: number }): void {
    if (!this.logReady) return;
    this.ctx
      .sql(
        'INSERT OR IGNORE INTO main.detect_events (event_id, event_time) SELECT event_id, ? FROM temp.detect_pending WHERE seen = 0',
      )
      .run(p.watermark);
    this.ctx
      .sql(
        'UPDATE main.detect_events SET event_time = ? WHERE event_time < ? AND event_id IN (SELECT event_id FROM temp.detect_pending WHERE seen = 1)',
      )
      .run(p.watermark, p.watermark);
    this.ctx.sql('DELETE FROM detect_events WHERE event_time < ?').run(p.forgetBefore);
  }

  checkpoints(source: string): Checkpoint[] {
    return this.ctx
      .sql(
        'SELECT key, etag, last_modified AS lastModified, processed_at AS processedAt FROM detect_checkpoints WHERE source = ?',
      )
      .all(source) as Checkpoint[];
  }

  saveCheckpoints(source: string, rows: readonly Checkpoint[], pruneBefore?: number): void {
    const upsert = this.ctx.sql(
      `INSERT INTO detect_checkpoints (source, key, etag, last_modified, processed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(source, key) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, processed_at = excluded.processed_at`,
    );
    for (const c of rows) upsert.run(source, c.key, c.etag, c.lastModified, c.processedAt);
    if (pruneBefore !== undefined)
      this.ctx
        .sql('DELETE FROM detect_checkpoints WHERE source = ? AND last_modified < ?')
        .run(source, pruneBefore);
  }

  advanceCheckpoints(source: string, rows: readonly Checkpoint[]): void {
    const upsert = this.ctx.sql(
      `INSERT INTO detect_checkpoints (source, key, etag, last_modified, processed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(source, key) DO UPDATE SET last_modified = max(last_modified, excluded.last_modified), processed_at = max(processed_at, excluded.processed_at)`,
    );
    for (const c of rows) upsert.run(source, c.key, c.etag, c.lastModified, c.processedAt);
  }
}
