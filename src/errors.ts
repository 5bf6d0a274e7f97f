/**
 * Errors the CLI turns into one-line messages and exit codes (DESIGN.md):
 * 2 usage/configuration/input/credentials, 4 runtime (locked or corrupt database, stale bundle).
 */
export class StanceError extends Error {
  constructor(
    message: string,
    readonly exitCode: 2 | 4,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line, configuration or input file. */
export class InputError extends StanceError {
  constructor(message: string) {
    super(message, 2);
  }
}
