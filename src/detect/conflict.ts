import { StanceError } from '../errors.js';

/**
 * Detection reads its input without holding the database's write lock and commits at the end in
 * one short transaction. If another detection run committed in between (or a signal this run adds
 * to was archived or removed), this run's view of the state is stale: it stores nothing and fails
 * with this error (exit 4); running it again reads the input again against the new state.
 */
export class DetectionConflictError extends StanceError {
  constructor(what: string) {
    super(
      `${what} while this detection run was reading its input; nothing of this run was stored (run it again)`,
      4,
    );
  }
}
