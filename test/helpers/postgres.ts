import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real, throwaway PostgreSQL server for tests: the system's initdb and pg_ctl (found through
 * `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin), a cluster in a
 * temporary directory owned by an unprivileged user (PostgreSQL refuses to run as root), listening
 * on loopback on a private port, trust authentication. Stop it in afterAll: `await server.stop()`.
 *
 * When PostgreSQL is not installed, `postgresAvailability()` says why; the test files skip their
 * PostgreSQL part with that message, except under CI=true, where the suite must run on PostgreSQL
 * and a missing server is a failure (see `requirePostgres`).
 */
export interface PostgresServer {
  /** postgres://stance@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** A new empty schema; the URL selects it as the connection's search_path. */
  schemaUrl(name?: string): Promise<string>;
  /** A new empty database; its URL. */
  databaseUrl(name?: string): Promise<string>;
  /** Runs SQL as the superuser on the given database (default `postgres`). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  /** Stops the server (fast shutdown) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

export type Availability = { ok: true; bin: string } | { ok: false; reason: string };

const SUPERUSER = 'stance';

/** Where initdb, pg_ctl and postgres are, or why PostgreSQL cannot be used here. */
export function postgresAvailability(): Availability {
  const candidates: string[] = [];
  if (process.env.STANCE_TEST_PG_BIN) candidates.push(process.env.STANCE_TEST_PG_BIN);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    // no pg_config on the PATH: look in the Debian/Ubuntu layout
  }
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // not that layout either
  }
  for (const bin of candidates)
    if (['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(join(bin, tool))))
      return { ok: true, bin };
  return {
    ok: false,
    reason:
      'PostgreSQL server binaries not found (no initdb/pg_ctl via `pg_config --bindir` or in /usr/lib/postgresql/*/bin); ' +
      'install them (Debian/Ubuntu: apt-get install postgresql) to run the PostgreSQL tests',
  };
}

/** True when the PostgreSQL tests must run: under CI=true a missing PostgreSQL fails them instead of skipping. */
export function postgresRequired(): boolean {
  return process.env.CI === 'true';
}

let skipNoticeShown = false;

/**
 * Whether this test run includes the PostgreSQL tests: yes when PostgreSQL is installed, and yes
 * under CI=true (where they then fail, naming what is missing). Otherwise prints why they are skipped.
 */
export function postgresEnabled(): boolean {
  const availability = postgresAvailability();
  if (availability.ok || postgresRequired()) return true;
  if (!skipNoticeShown) {
    skipNoticeShown = true;
    console.warn(`PostgreSQL tests skipped: ${availability.reason}`);
  }
  return false;
}

/** Runs a command as `user` (root drops to it with setpriv; anyone else runs it as themselves). */
function runAs(owner: { uid: number; gid: number } | undefined, cmd: string, args: string[]): string {
  const full =
    owner === undefined
      ? [cmd, ...args]
      : ['setpriv', `--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups', '--', cmd, ...args];
  return execFileSync(full[0]!, full.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' },
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;

/** Starts a server. Throws (with the reason) when PostgreSQL is not installed or does not start. */
export async function startPostgres(): Promise<PostgresServer> {
  const availability = postgresAvailability();
  if (!availability.ok) throw new Error(availability.reason);
  const { bin } = availability;
  // as root, the cluster belongs to `nobody` (PostgreSQL refuses to run as root)
  const owner = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'stance-pg-'));
  const data = join(dir, 'data');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const port = await freePort();
  const log = join(dir, 'server.log');
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      try {
        runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '60', 'stop']);
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    runAs(owner, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      SUPERUSER,
      '--auth=trust',
      '--encoding=UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
    started = true;
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    await stop();
    const e = error as { stderr?: string; message: string };
    throw new Error(`PostgreSQL did not start: ${e.stderr || e.message}\n${serverLog}`);
  }
  const base = `postgres://${SUPERUSER}@127.0.0.1:${port}`;
  const query = async <T>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> => {
    const client = new pg.Client({ connectionString: `${base}/${database}` });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  return {
    url: `${base}/postgres`,
    port,
    query,
    async schemaUrl(name = uniqueName('s')) {
      await query(`CREATE SCHEMA ${name}`);
      return `${base}/postgres?options=${encodeURIComponent(`-c search_path=${name}`)}`;
    },
    async databaseUrl(name = uniqueName('d')) {
      await query(`CREATE DATABASE ${name}`);
      return `${base}/${name}`;
    },
    stop,
  };
}
