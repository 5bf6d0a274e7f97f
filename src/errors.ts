/**
 * Errors of the library, each carrying the exit code the CLI ends with (DESIGN.md):
 * 2 usage/configuration/input/credentials, 4 runtime (locked or corrupt database, stale bundle).
 * The message is one line, fit to print as it is.
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

/** Bad command line, configuration or input file (exit 2). */
export class InputError extends StanceError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The exit code an error ends the CLI with: its own, or 4 (runtime) for anything unexpected. */
export function exitCodeOf(error: unknown): 2 | 4 {
  return error instanceof StanceError ? error.exitCode : 4;
}
