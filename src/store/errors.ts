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

/** A database problem: the CLI prints the message on one line and exits 4. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
