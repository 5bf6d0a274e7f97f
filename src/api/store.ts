import { openStore as openBackend, StoreError, type Store } from '../store/index.js';

export interface OpenOptions {
  /** Open without writing (a database from an older Stance is still upgraded first, if it can be). */
  readonly?: boolean;
  /** What an upgrade of the database removed (scrubbed secrets...), one line each, said once. */
  onNotice?: (line: string) => void;
  /** How long a write waits for another process holding the write lock (SQLite; default 30 s). */
  busyTimeoutMs?: number;
}

/**
 * Opens the store at a location: a file path, `:memory:` (nothing kept after close), or a
 * database URL. A read-only open of a database written by an older Stance would read tables and
 * columns its schema lacks: such a database is migrated first, as any write would, unless it
 * cannot be written (then it stays read-only and `outdated`).
 */
export async function openStore(location: string, opts: OpenOptions = {}): Promise<Store> {
  const { readonly = false, onNotice, busyTimeoutMs } = opts;
  const announce = (store: Store) => {
    for (const notice of store.upgradeNotices) onNotice?.(notice);
    return store;
  };
  const store = await openBackend(location, { readonly, busyTimeoutMs });
  if (!readonly || !store.outdated) return announce(store);
  await store.close();
  try {
    await announce(await openBackend(location, { busyTimeoutMs })).close();
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'readonly')) throw error;
  }
  return openBackend(location, { readonly: true, busyTimeoutMs });
}
