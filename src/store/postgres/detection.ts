import { randomUUID } from 'node:crypto';
import { StoreError } from '../errors.js';
import type { Checkpoint } from '../model.js';
import type { DetectionRepository, EventLog } from '../store.js';
import { batches, type Db } from './context.js';

/** A log left by a process that died is dropped when a later run starts, after this long. */
const STALE_LOG_MS = 24 * 3600 * 1000;

/** A detection run's event log: its id in `detect_logs`, its ids read in `detect_pending`. */
export class PgEventLog implements EventLog {
  closed = false;

  constructor(
    readonly id: string,
    private readonly run: <R>(fn: (db: Db) => Promise<R>) => Promise<R>,
    private readonly onClose: () => void,
  ) {}

  check(ids: readonly (string | undefined)[]): Promise<boolean[]> {
    if (this.closed)
      return Promise.reject(new StoreError('invalid', 'the event log of this detection run is closed'));
    return this.run((db) => checkEvents(db, this.id, ids));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    await this.run((db) => db.exec('DELETE FROM detect_logs WHERE log_id = $1', [this.id]));
  }
}

/**
 * For each id, whether it is new to the database and to this run; records the ids as read, with
 * whether the database knew them (those are kept longer at commit), as SQLite's TEMP table does.
 */
async function checkEvents(db: Db, logId: string, ids: readonly (string | undefined)[]): Promise<boolean[]> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== undefined))];
  const committed = new Set<string>();
  const pending = new Set<string>();
  for (const chunk of batches(wanted)) {
    for (const r of await db.query<{ id: string; pending: boolean }>(
      `SELECT event_id AS id, false AS pending FROM detect_events WHERE event_id = ANY($1::text[])
       UNION ALL SELECT event_id, true FROM detect_pending WHERE log_id = $2 AND event_id = ANY($1::text[])`,
      [chunk, logId],
    ))
      (r.pending ? pending : committed).add(r.id);
  }
  const fresh: { id: string; seen: boolean }[] = [];
  const answers = ids.map((id) => {
    if (id === undefined) return true;
    if (pending.has(id)) return false;
    pending.add(id);
    const known = committed.has(id);
    fresh.push({ id, seen: known });
    return !known;
  });
  for (const chunk of batches(fresh))
    await db.exec(
      `INSERT INTO detect_pending (log_id, event_id, seen) SELECT $1, id, seen FROM unnest($2::text[], $3::boolean[]) AS u(id, seen)
       ON CONFLICT DO NOTHING`,
      [logId, chunk.map((f) => f.id), chunk.map((f) => f.seen)],
    );
  return answers;
}

/**
 * Detection state. A run reads its state, reads its input outside any transaction, then commits
 * in one transaction that first reads the run counter again (DetectionEngine.finish): inside a
 * transaction, readState takes the detection advisory lock first, so two runs committing at once
 * queue, and the second sees the counter the first wrote (and stores nothing: a conflict).
 */
export class PgDetection implements Omit<DetectionRepository, 'startEventLog' | 'commitEventLog'> {
  constructor(private readonly db: Db) {}

  async readState(keys: readonly string[]): Promise<Map<string, unknown>> {
    if (this.db.mode === 'transaction') await this.db.lock('detection');
    const out = new Map<string, unknown>();
    for (const r of await this.db.query<{ key: string; value: string }>(
      'SELECT key, value FROM detect_state WHERE key = ANY($1::text[])',
      [[...keys]],
    ))
      out.set(r.key, JSON.parse(r.value));
    // in the order asked
    return new Map(keys.filter((k) => out.has(k)).map((k) => [k, out.get(k)]));
  }

  async writeState(entries: readonly (readonly [string, unknown])[], at: number): Promise<void> {
    const latest = new Map(entries.map(([key, value]) => [key, JSON.stringify(value)]));
    if (latest.size === 0) return;
    await this.db.exec(
      `INSERT INTO detect_state (key, value, updated_at) SELECT k, v, $3 FROM unnest($1::text[], $2::text[]) AS u(k, v)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [[...latest.keys()], [...latest.values()], at],
    );
  }

  /** Registers a new log (and drops logs of runs that died long ago). */
  async startLog(now: number): Promise<string> {
    const id = randomUUID();
    await this.db.exec('DELETE FROM detect_logs WHERE started_at < $1', [now - STALE_LOG_MS]);
    await this.db.exec('INSERT INTO detect_logs (log_id, started_at) VALUES ($1, $2)', [id, now]);
    return id;
  }

  async commitLog(logId: string, p: { watermark: number; forgetBefore: number }): Promise<void> {
    await this.db.exec(
      `INSERT INTO detect_events (event_id, event_time) SELECT event_id, $2 FROM detect_pending WHERE log_id = $1 AND NOT seen
       ON CONFLICT (event_id) DO NOTHING`,
      [logId, p.watermark],
    );
    await this.db.exec(
      `UPDATE detect_events e SET event_time = $2 FROM detect_pending p
       WHERE p.log_id = $1 AND p.seen AND e.event_id = p.event_id AND e.event_time < $2`,
      [logId, p.watermark],
    );
    await this.db.exec('DELETE FROM detect_events WHERE event_time < $1', [p.forgetBefore]);
  }

  checkpoints(source: string): Promise<Checkpoint[]> {
    return this.db.query<Checkpoint>(
      `SELECT key, etag, last_modified AS "lastModified", processed_at AS "processedAt" FROM detect_checkpoints
       WHERE source = $1 ORDER BY key`,
      [source],
    );
  }

  async saveCheckpoints(source: string, rows: readonly Checkpoint[], pruneBefore?: number): Promise<void> {
    const latest = new Map(rows.map((c) => [c.key, c]));
    for (const chunk of batches([...latest.values()]))
      await this.db.exec(
        `INSERT INTO detect_checkpoints (source, key, etag, last_modified, processed_at)
         SELECT $1, k, e, m, p FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS u(k, e, m, p)
         ON CONFLICT (source, key) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           processed_at = excluded.processed_at`,
        [
          source,
          chunk.map((c) => c.key),
          chunk.map((c) => c.etag),
          chunk.map((c) => c.lastModified),
          chunk.map((c) => c.processedAt),
        ],
      );
    if (pruneBefore !== undefined)
      await this.db.exec('DELETE FROM detect_checkpoints WHERE source = $1 AND last_modified < $2', [
        source,
        pruneBefore,
      ]);
  }

  async advanceCheckpoints(source: string, rows: readonly Checkpoint[]): Promise<void> {
    // one statement per key: several rows for one key all move it forward, as SQLite's loop does
    for (const c of rows)
      await this.db.exec(
        `INSERT INTO detect_checkpoints (source, key, etag, last_modified, processed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (source, key) DO UPDATE SET last_modified = greatest(detect_checkpoints.last_modified, excluded.last_modified),
           processed_at = greatest(detect_checkpoints.processed_at, excluded.processed_at)`,
        [source, c.key, c.etag, c.lastModified, c.processedAt],
      );
  }
}
