import { hostname } from 'node:os';
import type pg from 'pg';
import { InputError } from '../../errors.js';
import { processAlive } from '../core/liveness.js';
import { StoreError } from '../errors.js';
import { LockKeys } from './context.js';
import { MIGRATIONS } from './migrations/index.js';

/** What marks a schema as Stance's, in `schema_version.application`. */
export const APPLICATION = 'stance';

export interface OpenedSchema {
  schema: string;
  keys: LockKeys;
  outdated: boolean;
}

type Client = pg.PoolClient;

/**
 * Checks the schema the connection uses (the first of its search_path) is Stance's or empty,
 * migrates it under an advisory lock (one process migrates; the others wait, then find it done)
 * and marks scans of this host cut off by a dead process as interrupted. A read-only open changes
 * nothing.
 */
export async function prepareSchema(client: Client, shown: string, readonly: boolean): Promise<OpenedSchema> {
  const schema = (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]?.s;
  if (!schema)
    throw new InputError(`database ${shown}: no schema to use (the search_path names none that exists)`);
  const keys = new LockKeys(schema);
  let version = await schemaVersion(client, shown);
  if (readonly) {
    if (version === undefined)
      throw new StoreError(
        'missing',
        `database ${shown} holds no Stance data yet: run \`stance scan\` first`,
      );
    return { schema, keys, outdated: version < MIGRATIONS.length };
  }
  if (version === undefined || version < MIGRATIONS.length) {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [keys.of('migrate')]);
    try {
      version = await schemaVersion(client, shown);
      if (version === undefined || version < MIGRATIONS.length) await migrate(client, version ?? 0);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [keys.of('migrate')]);
    }
  }
  await markInterruptedScans(client);
  return { schema, keys, outdated: false };
}

/** The schema's version; undefined for an empty schema. Refuses foreign and newer schemas. */
async function schemaVersion(client: Client, shown: string): Promise<number | undefined> {
  const marked = (
    await client.query<{ marked: boolean }>(
      "SELECT to_regclass(format('%I.schema_version', current_schema())) IS NOT NULL AS marked",
    )
  ).rows[0]!.marked;
  if (!marked) {
    const tables = (
      await client.query<{ n: number }>(
        `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
         WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
      )
    ).rows[0]!.n;
    if (tables > 0)
      throw new StoreError(
        'foreign',
        `database ${shown} belongs to another application (its schema has tables but is not a Stance database); refusing to modify it`,
      );
    return undefined;
  }
  const row = (
    await client.query<{ application: string; version: number }>(
      'SELECT application, version FROM schema_version',
    )
  ).rows[0];
  if (!row || row.application !== APPLICATION)
    throw new StoreError(
      'foreign',
      `database ${shown} belongs to another application (not a Stance database); refusing to modify it`,
    );
  if (row.version > MIGRATIONS.length)
    throw new StoreError(
      'newer',
      `database ${shown} was written by a newer Stance (schema ${row.version}; this one knows ${MIGRATIONS.length})`,
    );
  return row.version;
}

/** Applies the migrations after `from` and records the version, in one transaction. */
async function migrate(client: Client, from: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_version (
         singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
         application text NOT NULL,
         version integer NOT NULL,
         migrated_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    for (let i = from; i < MIGRATIONS.length; i++) await client.query(MIGRATIONS[i]!);
    await client.query(
      `INSERT INTO schema_version (application, version) VALUES ($1, $2)
       ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, migrated_at = now()`,
      [APPLICATION, MIGRATIONS.length],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Scans left running by a process of this host that no longer exists were cut off (crash,
 * SIGKILL). Scans of other hosts are theirs to judge: a process table here says nothing about them.
 */
async function markInterruptedScans(client: Client): Promise<void> {
  const here = hostname();
  const running = (
    await client.query<{ id: number; pid: number | null; host: string | null }>(
      "SELECT id, pid, host FROM scans WHERE status = 'running'",
    )
  ).rows;
  const dead = running
    .filter((s) => s.host === here || s.host === null)
    .filter((s) => s.pid === null || (s.pid !== process.pid && !processAlive(s.pid)))
    .map((s) => s.id);
  if (dead.length === 0) return;
  await client.query(
    "UPDATE scans SET status = 'interrupted' WHERE id = ANY($1::bigint[]) AND status = 'running'",
    [dead],
  );
}
