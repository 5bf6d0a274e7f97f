import { sql as initial } from './001-initial.js';
import { sql as alertItems } from './002-alert-items.js';
import { sql as signals } from './003-signals.js';
import { sql as outboxChannelIdentity } from './004-outbox-channel-identity.js';

/** Ordered schema migrations; `PRAGMA user_version` is the number applied. Append, never edit. */
export const MIGRATIONS: readonly string[] = [initial, alertItems, signals, outboxChannelIdentity];
