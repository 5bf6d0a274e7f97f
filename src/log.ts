/**
 * What long-running library code (the daemon) logs through. The library never writes to a terminal
 * itself: the caller passes a Logger (the CLI's writes escaped lines on a terminal, JSON lines off
 * one: src/cli/log.ts).
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}
