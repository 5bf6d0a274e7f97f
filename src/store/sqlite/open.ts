import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { processAlive } from '../core/liveness.js';
import { StoreError } from '../errors.js';
import { MIGRATIONS } from './migrations/index.js';

/** "Stan" — marks a database as Stance's so a foreign SQLite file is never modified. */
export const APPLICATION_ID = 0x5374616e;

export interface SqliteOptions {
  readonly?: boolean;
  /** How long a write waits for another process's write lock (default 30 s, or $STANCE_DB_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
}

export interface OpenedDatabase {
  db: Database.Database;
  upgradeNotices: string[];
  outdated: boolean;
}

/** SQLite errors as one-line StoreErrors; anything else is rethrown as it is. */
export function translate(error: unknown, path: string): never {
  if (error instanceof StoreError) throw error;
  const code = (error as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' ? code : '';
  if (text.startsWith('SQLITE_BUSY') || text.startsWith('SQLITE_LOCKED')) {
    throw new StoreError(
      'locked',
      `database ${path} is locked by another stance process (waited for it; try again later)`,
    );
  }
  if (text === 'SQLITE_NOTADB' || text.startsWith('SQLITE_CORRUPT')) {
    throw new StoreError('corrupt', `database ${path} is corrupt or not an SQLite database`);
  }
  if (text.startsWith('SQLITE_READONLY')) throw new StoreError('readonly', `database ${path} is read-only`);
  throw error;
}

function looksLikeSqlite(path: string): boolean {
  if (!existsSync(path) || statSync(path).size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

const userVersion = (db: Database.Database) => db.pragma('user_version', { simple: true }) as number;

/**
 * Opens (creating if needed) a Stance database: refuses foreign, corrupt and newer files, turns on
 * WAL, migrates, and marks scans cut off by a dead process as interrupted. A read-only open
 * changes nothing (an outdated database stays so: `outdated`).
 */
export function openDatabase(path: string, opts: SqliteOptions = {}): OpenedDatabase {
  const busyTimeout = Number(process.env.STANCE_DB_BUSY_TIMEOUT_MS ?? opts.busyTimeoutMs ?? 30_000);
  const memory = path === ':memory:';
  const readonly = opts.readonly ?? false;
  if (!memory && !looksLikeSqlite(path)) {
    throw new StoreError('corrupt', `database ${path} is corrupt or not an SQLite database`);
  }
  if (readonly && !memory && !existsSync(path)) {
    throw new StoreError(
      'missing',
      `no database at ${path}: run \`stance scan\` or \`stance demo\` first, or pass --db`,
    );
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, timeout: busyTimeout });
  } catch (error) {
    translate(error, path);
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeout}`);
    checkIdentity(db, path, readonly);
    const upgradeNotices: string[] = [];
    if (!readonly) {
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      upgradeNotices.push(...migrate(db));
      markInterruptedScans(db);
    }
    db.pragma('foreign_keys = ON');
    return { db, upgradeNotices, outdated: userVersion(db) < MIGRATIONS.length };
  } catch (error) {
    db.close();
    translate(error, path);
  }
}

function checkIdentity(db: Database.Database, path: string, readonly: boolean): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = userVersion(db);
  if (appId === APPLICATION_ID) {
    if (version > MIGRATIONS.length) {
      throw new StoreError(
        'newer',
        `database ${path} was written by a newer Stance (schema ${version}; this one knows ${MIGRATIONS.length})`,
      );
    }
    return;
  }
  const tables = (
    db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
  ).n;
  if (appId !== 0 || tables > 0) {
    throw new StoreError(
      'foreign',
      `database ${path} belongs to another application (not a Stance database); refusing to modify it`,
    );
  }
  if (readonly) throw new StoreError('missing', `database ${path} is empty: run \`stance scan\` first`);
}

/** Applies the migrations this database lacks, in one transaction; returns the data migrations' notices. */
function migrate(db: Database.Database): string[] {
  if (userVersion(db) >= MIGRATIONS.length) return [];
  const notices: string[] = [];
  // A table rebuild (006) drops and recreates a table that others reference, keeping every row id:
  // foreign keys are off meanwhile (the pragma cannot change inside a transaction; openDatabase
  // turns them on again).
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    const current = userVersion(db);
    notices.length = 0;
    for (let i = current; i < MIGRATIONS.length; i++) {
      const migration = MIGRATIONS[i]!;
      if (typeof migration === 'string') db.exec(migration);
      else {
        const notice = migration(db);
        if (notice) notices.push(notice);
      }
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
  return notices;
}

/** Scans left "running" by a process that no longer exists were cut off (crash, SIGKILL). */
function markInterruptedScans(db: Database.Database): void {
  const running = db.prepare("SELECT id, pid FROM scans WHERE status = 'running'").all() as {
    id: number;
    pid: number | null;
  }[];
  const dead = running.filter((s) => s.pid === null || (s.pid !== process.pid && !processAlive(s.pid)));
  if (dead.length === 0) return;
  const mark = db.prepare("UPDATE scans SET status = 'interrupted' WHERE id = ? AND status = 'running'");
  db.transaction(() => dead.forEach((s) => mark.run(s.id))).immediate();
}
