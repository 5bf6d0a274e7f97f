import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { StoreError } from './errors.js';
import { processAlive } from './core/liveness.js';
import type { Store } from './store.js';

/** How often the holder refreshes the lock, and after how long without that another host may take it. */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 60_000;

// The lock's name in the store's locks.
const KEY = 'daemon:lock';

interface Holder {
  pid: number;
  host: string;
  token: string;
  since: string;
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
 * rows. Works across processes and hosts sharing the database (the lock is checked and taken in
 * one write transaction).
 */
export class DaemonLock {
  private constructor(
    private readonly store: Store,
    private readonly holder: Holder,
  ) {}

  /** Takes the lock, or throws a one-line StoreError naming the daemon that holds it. */
  static async acquire(store: Store, now: Date = new Date()): Promise<DaemonLock> {
    const holder: Holder = {
      pid: process.pid,
      host: hostname(),
      token: randomUUID(),
      since: now.toISOString(),
    };
    await store.transaction(async (tx) => {
      const row = await tx.locks.get(KEY);
      const current = row ? parseHolder(row.holder) : undefined;
      if (row && current && holderAlive(current, row.heartbeatAt, now.getTime()))
        throw new StoreError(
          'locked',
          `database ${store.location} is used by another stance daemon (pid ${current.pid} on host ${current.host} since ${current.since}); stop it first`,
        );
      await tx.locks.put(KEY, JSON.stringify(holder), now);
    });
    return new DaemonLock(store, holder);
  }

  /** Refreshes the heartbeat; false when another daemon has taken the lock meanwhile. */
  heartbeat(now: Date = new Date()): Promise<boolean> {
    return this.store.locks.refresh(KEY, JSON.stringify(this.holder), now);
  }

  /** Who holds the lock now (after `heartbeat` returned false). */
  async currentHolder(): Promise<string> {
    const row = await this.store.locks.get(KEY);
    const holder = row ? parseHolder(row.holder) : undefined;
    return holder ? `pid ${holder.pid} on host ${holder.host}` : 'nobody';
  }

  async release(): Promise<void> {
    await this.store.locks.release(KEY, JSON.stringify(this.holder));
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
