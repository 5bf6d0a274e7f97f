import pino from 'pino';
import { stderrSink, type LineSink } from './cli/output.js';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Human lines on a terminal (escaped, one line each: a hostile name cannot forge or erase a line);
 * JSON lines (pino) otherwise, for journald, Docker and log shippers. Never log secrets: callers pass
 * redacted values.
 */
export function createLogger(terminal: LineSink = stderrSink()): Logger {
  if (terminal.isTTY) {
    const line = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
      terminal.line(
        `${new Date().toISOString()} ${level} ${msg}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`,
      );
    return { info: line('INFO'), warn: line('WARN'), error: line('ERROR') };
  }
  const log = pino(
    { base: { app: 'stance' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 2, sync: true }),
  );
  return {
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
  };
}
