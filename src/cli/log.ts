import pino from 'pino';
import type { Logger } from '../log.js';
import { redactUrlsInText } from '../util/redact.js';
import { stderrSink, type LineSink } from './output.js';

/** Any URL inside a message or a string field is cut to scheme and host (webhook paths carry tokens). */
function redactFields(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? redactUrlsInText(v) : v]),
  );
}

/**
 * Human lines on a terminal (escaped, one line each: a hostile name cannot forge or erase a line);
 * JSON lines (pino) otherwise, for journald, Docker and log shippers. Callers pass redacted values;
 * URLs are redacted here once more.
 */
export function createLogger(terminal: LineSink = stderrSink()): Logger {
  if (terminal.isTTY) {
    const line = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
      const extra = redactFields(fields);
      terminal.line(
        `${new Date().toISOString()} ${level} ${redactUrlsInText(msg)}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`,
      );
    };
    return { info: line('INFO'), warn: line('WARN'), error: line('ERROR') };
  }
  const log = pino(
    { base: { app: 'stance' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 2, sync: true }),
  );
  return {
    info: (msg, fields) => log.info(redactFields(fields), redactUrlsInText(msg)),
    warn: (msg, fields) => log.warn(redactFields(fields), redactUrlsInText(msg)),
    error: (msg, fields) => log.error(redactFields(fields), redactUrlsInText(msg)),
  };
}
