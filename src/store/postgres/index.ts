import type pg from 'pg';
import { StoreError } from '../errors.js';
import type { Store } from '../store.js';
import { PostgresStore } from './store.js';

export { APPLICATION } from './open.js';
export { MIGRATIONS } from './migrations/index.js';
export { monthOf } from './partitions.js';
export type { PostgresOptions } from './connection.js';
export { PostgresStore };

/**
 * Runs `fn` with a pooled connection of the store (outside any transaction of the store's): for
 * tests and tools that inspect the database (row counts, partitions). Nothing in Stance itself uses it.
 */
export function inspectPostgres<T>(store: Store, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  if (!(store instanceof PostgresStore)) throw new StoreError('invalid', 'not a PostgreSQL store');
  return store.withConnection(fn);
}
