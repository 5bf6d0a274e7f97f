// A real, throwaway PostgreSQL server, for the test suite (test/helpers/postgres.ts) and the benchmarks:
// the system's initdb and pg_ctl (found through `pg_config --bindir`, else the newest
// /usr/lib/postgresql/<version>/bin), a cluster in a temporary directory owned by an unprivileged
// user (PostgreSQL refuses to run as root; as root the cluster belongs to `nobody`), listening on
// loopback on a private port, trust authentication, durability off (it is thrown away).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const SUPERUSER = 'stance';
const NOBODY = { uid: 65534, gid: 65534 };

/** Where initdb, pg_ctl and postgres are, or why PostgreSQL cannot be used here. */
export function postgresAvailability() {
  const candidates = [];
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

/** Runs a command, as `owner` when given (root drops to it with setpriv). */
function runAs(owner, cmd, args) {
  const full = owner
    ? ['setpriv', `--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups', '--', cmd, ...args]
    : [cmd, ...args];
  return execFileSync(full[0], full.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' },
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

let counter = 0;
const uniqueName = (prefix) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;

/** Starts a server. Throws (with the reason) when PostgreSQL is not installed or does not start. */
export async function startPostgres() {
  const availability = postgresAvailability();
  if (!availability.ok) throw new Error(availability.reason);
  const { bin } = availability;
  const owner = process.getuid?.() === 0 ? NOBODY : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'stance-pg-'));
  const data = join(dir, 'data');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const port = await freePort();
  const log = join(dir, 'server.log');
  let started = false;
  let options = '';
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
    options = [
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
    throw new Error(`PostgreSQL did not start: ${error.stderr || error.message}\n${serverLog}`);
  }
  const base = `postgres://${SUPERUSER}@127.0.0.1:${port}`;
  const query = async (sql, params = [], database = 'postgres') => {
    const client = new pg.Client({ connectionString: `${base}/${database}` });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    url: `${base}/postgres`,
    port,
    /** The cluster's data directory (postmaster.pid names the server process). */
    dataDir: data,
    query,
    async schemaUrl(name = uniqueName('s')) {
      await query(`CREATE SCHEMA ${name}`);
      return `${base}/postgres?options=${encodeURIComponent(`-c search_path=${name}`)}`;
    },
    /** `pg_ctl restart` (fast shutdown): every connection is closed, the server comes back on the same port. */
    restart() {
      runAs(owner, join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        log,
        '-o',
        options,
        '-m',
        'fast',
        '-w',
        '-t',
        '60',
        'restart',
      ]);
    },
    /** Stops the server (fast shutdown), keeps it down for `ms`, starts it again on the same port. */
    async stopFor(ms) {
      runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      await new Promise((r) => setTimeout(r, ms));
      runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
    },
    async databaseUrl(name = uniqueName('d')) {
      await query(`CREATE DATABASE ${name}`);
      return `${base}/${name}`;
    },
    stop,
  };
}
