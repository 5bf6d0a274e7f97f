export type StoreErrorCode = 'corrupt' | 'foreign' | 'locked' | 'newer' | 'invalid' | 'readonly' | 'missing';

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
