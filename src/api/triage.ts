/** Signal triage: states with who, when and why; suppressions with an audit. */
import type { Store, Suppression } from '../store/index.js';

export {
  MAX_NOTE_LENGTH,
  addSuppression,
  auditSuppressions,
  parseSignalId,
  parseSignalState,
  setSignalState,
  type SuppressionAudit,
  type SuppressionInput,
} from '../detect/triage.js';
export {
  SIGNAL_STATES,
  type SignalStateChange,
  type SignalStatus,
  type Suppression,
} from '../store/index.js';

/** Suppressions in force (with `all`: removed and expired ones too). */
export async function suppressions(store: Store, opts: { all?: boolean } = {}): Promise<Suppression[]> {
  if (store.outdated) return []; // a read-only database from before signal triage
  return store.suppressions.list({ includeInactive: opts.all });
}

/** Removes a suppression (kept for the audit with who and when); false when none is in place with that id. */
export async function removeSuppression(
  store: Store,
  id: number,
  p: { by: string | null; at?: Date },
): Promise<boolean> {
  return store.suppressions.remove(id, { at: p.at ?? new Date(), by: p.by });
}
