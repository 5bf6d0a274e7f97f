import { InputError } from '../errors.js';
import { redactUrl } from '../util/redact.js';
import { SqliteStore } from './sqlite/store.js';
import type { Store } from './store.js';

export type * from './store.js';
export { DEFAULT_STALE_AFTER_MS } from './store.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { parseRetention, cutoffFor, DEFAULT_RETENTION, type Retention } from './retention.js';
export * from './model.js';
export { DaemonLock, HEARTBEAT_MS, STALE_MS } from './daemon-lock.js';

export interface OpenStoreOptions {
  /** Open without writing anything (no migration either: see Store.outdated). */
  readonly?: boolean;
  /** How long a write waits for another process holding the write lock (SQLite; default 30 s). */
  busyTimeoutMs?: number;
}

/** `postgres://…` and the like: a scheme of two or more letters followed by `://`. */
const URL_SCHEME = /^([a-z][a-z0-9+.-]+):\/\//i;

/**
 * Opens the store at a location: a file path (or `:memory:`) is an SQLite database, created and
 * migrated as needed; `postgres://` URLs are reserved for the PostgreSQL backend.
 */
export async function openStore(location: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const scheme = URL_SCHEME.exec(location)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql')
    throw new InputError(
      `database ${redactUrl(location)}: PostgreSQL is not supported yet; give the path of an SQLite database file`,
    );
  if (scheme)
    throw new InputError(
      `database ${redactUrl(location)}: unknown kind of database location (give a file path, or postgres://…)`,
    );
  return SqliteStore.open(location, opts);
}

/** Whether a database location is a URL (kept as given) rather than a file path (resolved). */
export const isDatabaseUrl = (location: string): boolean => URL_SCHEME.test(location);
