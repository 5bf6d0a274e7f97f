import type { LockRecord } from '../model.js';
import type { LocksRepository } from '../store.js';
import type { SqliteContext } from './context.js';
import type { Sync } from './facade.js';

// A lock is one row of the key/value state table (`detect_state`), so it needs no schema of its own.
export class SqliteLocks implements Sync<LocksRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  get(name: string): LockRecord | undefined {
    const row = this.ctx.sql('SELECT value, updated_at AS at FROM detect_state WHERE key = ?').get(name) as
      { value: string; at: number } | undefined;
    return row ? { holder: row.value, heartbeatAt: row.at } : undefined;
  }

  put(name: string, holder: string, at: Date): void {
    this.ctx
      .sql(
        'INSERT INTO detect_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(name, holder, at.getTime());
  }

  refresh(name: string, holder: string, at: Date): boolean {
    return (
      this.ctx
        .sql('UPDATE detect_state SET updated_at = ? WHERE key = ? AND value = ?')
        .run(at.getTime(), name, holder).changes === 1
    );
  }

  release(name: string, holder: string): boolean {
    return this.ctx.sql('DELETE FROM detect_state WHERE key = ? AND value = ?').run(name, holder).changes > 0;
  }
}
