import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { Store } from '../store.js';
import { SqliteStore } from './store.js';

export { APPLICATION_ID, type SqliteOptions } from './open.js';
export { MIGRATIONS } from './migrations/index.js';
export { SqliteStore };

/**
 * Runs `fn` with the SQLite connection under the store's lock: for tests and tools that inspect
 * the database file (row counts, raw rows). Nothing in Stance itself uses it.
 */
export function inspectSqlite<T>(store: Store, fn: (db: Database.Database) => T): Promise<T> {
  if (!(store instanceof SqliteStore)) throw new StoreError('invalid', 'not an SQLite store');
  return store.withConnection(fn);
}
