import { InputError } from '../errors.js';
import { redactUrl } from '../util/redact.js';
import type { Store } from './store.js';

export type * from './store.js';
export { DEFAULT_STALE_AFTER_MS } from './store.js';
export { KeptResourcesChanged, StoreError, type StoreErrorCode } from './errors.js';
export { parseRetention, cutoffFor, DEFAULT_RETENTION, type Retention } from './retention.js';
export * from './model.js';
export { scopesAt } from './core/as-of.js';
export { DaemonLock, HEARTBEAT_MS, STALE_MS } from './daemon-lock.js';

export interface OpenStoreOptions {
  /** Open without writing anything (no migration either: see Store.outdated). */
  readonly?: boolean;
  /** How long a write waits for another process holding the write lock, or a lock it needs (default 30 s). */
  busyTimeoutMs?: number;
}

/** `postgres://…` and the like: a scheme of two or more letters followed by `://`. */
const URL_SCHEME = /^([a-z][a-z0-9+.-]+):\/\//i;

/**
 * Opens the store at a location: a file path (or `:memory:`) is an SQLite database, created and
 * migrated as needed; a `postgres://` (or `postgresql://`) URL is a PostgreSQL database, whose
 * schema (the first of the connection's search_path) is created and migrated as needed.
 */
export async function openStore(location: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const scheme = URL_SCHEME.exec(location)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    // Each client loads when its kind of database is opened, not when the library is imported.
    const { PostgresStore } = await import('./postgres/store.js');
    return PostgresStore.open(location, opts);
  }
  if (scheme)
    throw new InputError(
      `database ${redactUrl(location)}: unknown kind of database location (give a file path, or postgres://…)`,
    );
  const { SqliteStore } = await import('./sqlite/store.js');
  return SqliteStore.open(location, opts);
}

/** Whether a database location is a URL (kept as given) rather than a file path (resolved). */
export const isDatabaseUrl = (location: string): boolean => URL_SCHEME.test(location);
