export { Store, APPLICATION_ID, DEFAULT_STALE_AFTER_MS } from './store.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { parseRetention, cutoffFor, DEFAULT_RETENTION, type Retention } from './retention.js';
export * from './model.js';
export { DaemonLock, HEARTBEAT_MS, STALE_MS } from './daemon-lock.js';
