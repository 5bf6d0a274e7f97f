import { StanceError } from '../errors.js';

export type StoreErrorCode =
  | 'corrupt'
  | 'foreign'
  | 'locked'
  | 'newer'
  | 'invalid'
  | 'readonly'
  | 'missing'
  /** The database server cannot be reached, or closed the connection. */
  | 'unavailable'
  /** The write was already made by another process (a duplicated job): nothing of this one was stored. */
  | 'conflict';

/** A database problem, on one line: exit 4 (runtime), or 2 when the database does not exist. */
export class StoreError extends StanceError {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message, code === 'missing' ? 2 : 4);
  }
}

/**
 * A scope run named resources as kept (ScopeInput.kept) whose stored input hash is no longer the
 * one given: another run changed them since the caller looked. Nothing was written; evaluate
 * them and record again.
 */
export class KeptResourcesChanged extends StoreError {
  constructor(
    readonly scopeKey: string,
    readonly identities: readonly string[],
  ) {
    super(
      'conflict',
      `scope ${scopeKey}: ${identities.length} resource(s) given as unchanged changed since they were read; nothing of this run was stored`,
    );
  }
}
