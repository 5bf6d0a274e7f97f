import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { StoreError } from './errors.js';
import type { Store } from './store.js';

/** How often the holder refreshes the lock, and after how long without that another host may take it. */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 60_000;

// The lock is one row of the key/value state table, so it needs no schema of its own.
const KEY = 'daemon:lock';

interface Holder {
  pid: number;
  host: string;
  token: string;
  since: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a recorded holder still runs. On this host the process table answers (a killed daemon frees
 * the lock at once; our own pid can only be an earlier incarnation, as after a container restart).
 * Another host is trusted while its heartbeat is fresh.
 */
function holderAlive(holder: Holder, heartbeatAt: number, now: number): boolean {
  if (holder.host === hostname())
    return holder.pid !== process.pid && processAlive(holder.pid) && now - heartbeatAt < STALE_MS;
  return now - heartbeatAt < STALE_MS;
}

/**
 * One `stance daemon` per database: two would run every target twice and race for the same outbox
 * rows. Works across processes and hosts sharing the SQLite file (the row is written in an
 * IMMEDIATE transaction).
 */
export class DaemonLock {
  private constructor(
    private readonly store: Store,
    private readonly holder: Holder,
  ) {}

  /** Takes the lock, or throws a one-line StoreError naming the daemon that holds it. */
  static acquire(store: Store, now: Date = new Date()): DaemonLock {
    const holder: Holder = {
      pid: process.pid,
      host: hostname(),
      token: randomUUID(),
      since: now.toISOString(),
    };
    store.db
      .transaction(() => {
        const row = store.db
          .prepare('SELECT value, updated_at AS at FROM detect_state WHERE key = ?')
          .get(KEY) as { value: string; at: number } | undefined;
        const current = row ? parseHolder(row.value) : undefined;
        if (row && current && holderAlive(current, row.at, now.getTime()))
          throw new StoreError(
            'locked',
            `database ${store.path} is used by another stance daemon (pid ${current.pid} on host ${current.host} since ${current.since}); stop it first`,
          );
        store.db
          .prepare(
            'INSERT INTO detect_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
          )
          .run(KEY, JSON.stringify(holder), now.getTime());
      })
      .immediate();
    return new DaemonLock(store, holder);
  }

  /** Refreshes the heartbeat; false when another daemon has taken the lock meanwhile. */
  heartbeat(now: Date = new Date()): boolean {
    const result = this.store.db
      .prepare('UPDATE detect_state SET updated_at = ? WHERE key = ? AND value = ?')
      .run(now.getTime(), KEY, JSON.stringify(this.holder));
    return result.changes === 1;
  }

  /** Who holds the lock now (after `heartbeat` returned false). */
  currentHolder(): string {
    const row = this.store.db.prepare('SELECT value FROM detect_state WHERE key = ?').get(KEY) as
      { value: string } | undefined;
    const holder = row ? parseHolder(row.value) : undefined;
    return holder ? `pid ${holder.pid} on host ${holder.host}` : 'nobody';
  }

  release(): void {
    this.store.db
      .prepare('DELETE FROM detect_state WHERE key = ? AND value = ?')
      .run(KEY, JSON.stringify(this.holder));
  }
}

function parseHolder(value: string): Holder | undefined {
  try {
    const parsed = JSON.parse(value) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string'
      ? { pid: parsed.pid, host: parsed.host, token: String(parsed.token), since: String(parsed.since) }
      : undefined;
  } catch {
    return undefined;
  }
}
