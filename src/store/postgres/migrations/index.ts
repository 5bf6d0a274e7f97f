import { sql as initial } from './001-initial.js';
import { sql as signalLifecycle } from './002-signal-lifecycle.js';
import { sql as jobs } from './003-jobs.js';
import { sql as scheduleTicks } from './004-schedule-ticks.js';
import { sql as scopeInputDigests } from './005-scope-input-digests.js';
import { sql as console } from './006-console.js';
import { sql as signalEvents } from './007-signal-events.js';
import { sql as deadJobs } from './008-dead-jobs.js';

/**
 * Ordered schema migrations (SQL, run in one transaction); `schema_version.version` is the number
 * applied. Append, never edit. A data migration that rewrites resources or findings must also
 * clear every scope digest (`UPDATE scopes SET digest = NULL`) and every kept input hash
 * (`UPDATE resources SET input_hash = NULL`): a resource whose input hash matches is left as
 * stored by a rescan (ScopeInput.kept), row and findings.
 */
export const MIGRATIONS: readonly string[] = [
  initial,
  signalLifecycle,
  jobs,
  scheduleTicks,
  scopeInputDigests,
  console,
  signalEvents,
  deadJobs,
];

/** The schema from which signals keep their event summaries (for the note on older signals). */
export const SIGNAL_EVENTS_SCHEMA = `schema ${MIGRATIONS.indexOf(signalEvents) + 1}`;
