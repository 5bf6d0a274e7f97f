import pg from 'pg';
import { InputError, StanceError } from '../../errors.js';
import { redactUrl } from '../../util/redact.js';
import { StoreError } from '../errors.js';

export interface PostgresOptions {
  readonly?: boolean;
  /** How long a statement waits for a lock held by another process (default 30 s, or $STANCE_DB_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
  /** Connections kept by this process (default 4). */
  poolSize?: number;
}

// Column types returned as JavaScript numbers: every key, count and time Stance stores fits in 2^53.
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (text: string) => Number(text);
const TYPES = {
  getTypeParser(oid: number, format?: string) {
    if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') return toNumber;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

/** A postgres:// location, checked: what to connect with and how messages name it (scheme and host). */
export function parseLocation(location: string): { shown: string; connectionString: string } {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new InputError(
      `database ${redactUrl(location)}: not a valid postgres:// URL (percent-encode special characters in the user name and password)`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new InputError(`database ${redactUrl(url)}: expected a postgres:// URL`);
  if (!url.hostname && !url.searchParams.get('host'))
    throw new InputError(
      `database ${redactUrl(url)}: the URL names no host (postgres://user@host:5432/database)`,
    );
  return { shown: redactUrl(url), connectionString: location };
}

export function createPool(connectionString: string, opts: PostgresOptions): pg.Pool {
  const busyTimeout = Number(process.env.STANCE_DB_BUSY_TIMEOUT_MS ?? opts.busyTimeoutMs ?? 30_000);
  const pool = new pg.Pool({
    connectionString,
    max: opts.poolSize ?? 4,
    types: TYPES,
    application_name: 'stance',
    lock_timeout: busyTimeout,
    connectionTimeoutMillis: Math.max(busyTimeout, 10_000),
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
  });
  // A pooled connection the server closes while idle (a restart, a terminated backend) is dropped
  // by the pool and replaced on the next checkout; without a listener the event would crash the process.
  pool.on('error', () => undefined);
  return pool;
}

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running, on that host and port?)',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'the connection was closed',
  EAI_AGAIN: 'temporary failure resolving the host name',
};

/**
 * Errors as one line naming the database by scheme and host: bad credentials and unknown hosts or
 * databases are configuration errors (exit 2); an unreachable or restarting server, a lock wait
 * that timed out and a conflict with another writer are StoreErrors (exit 4). Anything else (a bug)
 * keeps its message.
 */
export function translate(error: unknown, shown: string): Error {
  if (error instanceof StoreError || error instanceof StanceError) return error;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const where = `database ${shown}`;
  if (code === '28P01' || code === '28000')
    return new InputError(
      `${where}: authentication failed (check the user and password in the URL, or PGPASSWORD)`,
    );
  if (code === '3D000') return new InputError(`${where}: the database named in the URL does not exist`);
  if (code === '3F000')
    return new InputError(`${where}: no schema to use (the search_path names none that exists)`);
  if (code === '42501') return new StoreError('readonly', `${where}: permission denied (${message})`);
  if (code === 'ENOTFOUND') return new InputError(`${where}: host not found`);
  if (code === '55P03')
    return new StoreError(
      'locked',
      `${where} is locked by another stance process (waited for it; try again later)`,
    );
  if (code === '40P01' || code === '40001')
    return new StoreError('locked', `${where}: a write conflicted with another stance process; try again`);
  if (code === '25006') return new StoreError('readonly', `${where} is opened read-only`);
  if (code === '53300' || code === '57P03')
    return new StoreError('unavailable', `${where}: the server accepts no connections now (${message})`);
  if (code === '57P01' || code === '57P02')
    return new StoreError('unavailable', `${where}: the server closed the connection (shutting down)`);
  if (CONNECTION_CODES[code])
    return new StoreError('unavailable', `${where}: cannot connect: ${CONNECTION_CODES[code]}`);
  if (/^Connection terminated|^timeout expired|connection timeout/i.test(message))
    return new StoreError('unavailable', `${where}: the connection was lost (${message.split('\n')[0]})`);
  if (/does not support SSL|SSL/i.test(message) && !code)
    return new InputError(`${where}: ${message.split('\n')[0]} (check sslmode in the URL)`);
  return error instanceof Error ? error : new Error(message);
}
