import type Database from 'better-sqlite3';
import { sql as initial } from './001-initial.js';
import { sql as alertItems } from './002-alert-items.js';
import { sql as signals } from './003-signals.js';
import { sql as outboxChannelIdentity } from './004-outbox-channel-identity.js';
import { scrubSecrets } from './005-scrub-secrets.js';
import { sql as resourceDefinitions } from './006-resource-definitions.js';
import { sql as scopeDigests } from './007-scope-digests.js';
import { scrubEnvCredentials } from './008-scrub-env-credentials.js';
import { sql as signalLifecycle } from './009-signal-lifecycle.js';
import { sql as scopeInputDigests } from './010-scope-input-digests.js';
import { sql as console } from './011-console.js';
import { sql as signalEvents } from './012-signal-events.js';

/**
 * A data migration: code run in the same transaction as the schema migrations around it, for
 * changes SQL cannot express (rewriting compressed blobs). It returns a one-line notice for the
 * user when it changed something worth telling, else undefined.
 */
export type DataMigration = (db: Database.Database) => string | undefined;

/** A schema change (SQL) or a data migration. */
export type Migration = string | DataMigration;

/**
 * Ordered migrations; `PRAGMA user_version` is the number applied. Append, never edit. A data
 * migration that rewrites resources or findings must also clear every scope digest and every kept
 * input hash (`UPDATE resources SET input_hash = NULL`): a resource whose input hash matches is
 * left as stored by a rescan (ScopeInput.kept), row and findings.
 */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  alertItems,
  signals,
  outboxChannelIdentity,
  scrubSecrets,
  resourceDefinitions,
  scopeDigests,
  scrubEnvCredentials,
  signalLifecycle,
  scopeInputDigests,
  console,
  signalEvents,
];

/** The schema from which signals keep their event summaries (for the note on older signals). */
export const SIGNAL_EVENTS_SCHEMA = `schema ${MIGRATIONS.indexOf(signalEvents) + 1}`;
