import type { LockRecord } from '../model.js';
import type { LocksRepository } from '../store.js';
import type { Db } from './context.js';

/**
 * Named leases (the daemon lock), one row each in the key/value state table as in SQLite. Taking
 * one is a read then a write in one transaction (DaemonLock.acquire): inside a transaction, get()
 * first takes an advisory lock named after the lease, held until commit, so two processes taking
 * the same lease at once queue and the second reads the first one's row. A holder that refreshes
 * its lease inside a transaction also row-locks it until commit: the fence a worker's scope-run
 * commit needs (issue 14, part B).
 */
export class PgLocks implements LocksRepository {
  constructor(private readonly db: Db) {}

  async get(name: string): Promise<LockRecord | undefined> {
    if (this.db.mode === 'transaction') await this.db.lock(`lease:${name}`);
    const row = await this.db.one<{ value: string; at: number }>(
      'SELECT value, updated_at AS at FROM detect_state WHERE key = $1',
      [name],
    );
    return row ? { holder: row.value, heartbeatAt: row.at } : undefined;
  }

  async put(name: string, holder: string, at: Date): Promise<void> {
    await this.db.exec(
      `INSERT INTO detect_state (key, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [name, holder, at.getTime()],
    );
  }

  async refresh(name: string, holder: string, at: Date): Promise<boolean> {
    return (
      (await this.db.exec('UPDATE detect_state SET updated_at = $1 WHERE key = $2 AND value = $3', [
        at.getTime(),
        name,
        holder,
      ])) === 1
    );
  }

  async release(name: string, holder: string): Promise<boolean> {
    return (await this.db.exec('DELETE FROM detect_state WHERE key = $1 AND value = $2', [name, holder])) > 0;
  }
}
